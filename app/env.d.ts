/// <reference types="@remix-run/node" />

// Single Fetch types for useLoaderData / useActionData (Remix v3_singleFetch).
declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export {};
