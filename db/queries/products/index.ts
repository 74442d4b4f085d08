/** The product knowledge base (issue 16): catalogue, import/export, the session's product. */
export * from "./catalogue";
export * from "./io";
export * from "./session";
