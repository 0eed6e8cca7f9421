// Per-request context that every resolver receives.

import type { FastifyBaseLogger } from 'fastify';
import type { Catalog } from './catalog.js';
import type { CustomerRpc } from './grpc-client.js';
import type { UploaderConfigIssuer } from './uploader-config.js';

export interface RequestContext {
  /** Customer id from the verified token, or null when the request is not authenticated. */
  customerId: string | null;
  /** True when the request's token is valid except that it has expired. Selects the UNAUTHENTICATED message. */
  tokenExpired: boolean;
  /** request_id of the mutation: the Idempotency-Key header, or empty when the request has none. */
  requestId: string;
  rpc: CustomerRpc;
  catalog: Catalog;
  uploaderConfig: UploaderConfigIssuer;
  log: FastifyBaseLogger;
}
