// Builds the gateway's HTTP application from its configuration. server.ts
// runs it, and tests build it with a fake parleyd.

import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { AttachmentClient } from './attachment-client.js';
import type { Catalog } from './catalog.js';
import type { GatewayConfig } from './config.js';
import { kDefaultCostLimits, type CostLimits } from './cost.js';
import { ParleyClient } from './grpc-client.js';
import { graphqlRoutes } from './http/graphql-route.js';
import { downloadRoute } from './http/download-route.js';
import { healthRoute } from './http/health-route.js';
import { setNotFoundHandler } from './http/not-found.js';
import { uploadRoute } from './http/upload-route.js';
import { loadSchema } from './schema.js';
import { ParleydUploaderConfigIssuer } from './uploader-config.js';

/**
 * Maximum size of a request body that the gateway reads whole: the JSON body
 * of POST /graphql. Uploads are streamed and not limited by it. Fastify's
 * default, stated here because error messages and docs quote it.
 */
export const kBodyLimitBytes = 1024 * 1024;

export interface AppOptions {
  config: Pick<GatewayConfig, 'grpcTarget' | 'grpcDeadlineMs' | 'attachmentDeadlineMs' | 'tokenSecret' | 'logLevel'>;
  catalog: Catalog;
  /** Default: kDefaultCostLimits. */
  costLimits?: CostLimits;
  /** pino options merged over the defaults, such as a `stream` that tests read. */
  logger?: Exclude<FastifyServerOptions['logger'], boolean>;
}

/**
 * Creates the application and its gRPC channels to parleyd (CustomerService
 * and AttachmentService). They connect on the first call and close with the
 * application.
 * Throws when schema.graphql or the .proto files cannot be loaded.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const schema = loadSchema();
  const parley = new ParleyClient(options.config.grpcTarget, options.config.grpcDeadlineMs);
  const attachments = new AttachmentClient(
    options.config.grpcTarget,
    options.config.grpcDeadlineMs,
    options.config.attachmentDeadlineMs,
  );

  const app = Fastify({
    bodyLimit: kBodyLimitBytes,
    logger: {
      level: options.config.logLevel,
      // Tokens travel in these headers. Fastify's default request serializer
      // logs no headers, and the redaction covers a serializer that does.
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      ...options.logger,
    },
  });
  app.addHook('onClose', async () => {
    parley.close();
    attachments.close();
  });

  await app.register(fastifyCookie);
  setNotFoundHandler(app, options.config.tokenSecret);
  await app.register(healthRoute);
  await app.register(graphqlRoutes, {
    schema,
    parley,
    catalog: options.catalog,
    uploaderConfig: new ParleydUploaderConfigIssuer(attachments),
    tokenSecret: options.config.tokenSecret,
    costLimits: options.costLimits ?? kDefaultCostLimits,
  });
  await app.register(uploadRoute, { attachments });
  await app.register(downloadRoute, { attachments, tokenSecret: options.config.tokenSecret });
  return app;
}
