// oidc-provider ships no type declarations (and @types/oidc-provider lags its
// major versions): only the part of its API the end-to-end suite uses.
declare module 'oidc-provider' {
  import type { Server } from 'node:http';

  export type AccountClaims = { sub: string } & Record<string, unknown>;
  export type Account = { accountId: string; claims: () => Promise<AccountClaims> };

  export type ClientMetadata = {
    client_id: string;
    client_secret: string;
    redirect_uris: string[];
    grant_types?: string[];
    response_types?: string[];
    token_endpoint_auth_method?: string;
  };

  export type Configuration = {
    clients: ClientMetadata[];
    findAccount: (context: unknown, id: string) => Promise<Account | undefined>;
    claims?: Record<string, string[]>;
    conformIdTokenClaims?: boolean;
    cookies?: { keys: string[] };
    features?: { devInteractions?: { enabled: boolean } };
  };

  export default class Provider {
    constructor(issuer: string, configuration: Configuration);
    /** Provider is a Koa application. */
    listen(port: number): Server;
  }
}
