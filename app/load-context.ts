/**
 * What server.ts hands every loader and action besides the request: the client's address (the
 * socket's, or X-Forwarded-For's first hop when TRUST_PROXY is set), for login throttling.
 */
declare module "@remix-run/node" {
  interface AppLoadContext {
    clientAddress: string | null;
  }
}

export {};
