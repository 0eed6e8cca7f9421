// Entry point: reads the configuration from the environment, loads the
// product catalog and serves GraphQL until SIGINT or SIGTERM.

import { buildApp } from './app.js';
import { loadCatalog } from './catalog.js';
import { loadConfig } from './config.js';

async function main(): Promise<void> {
  let config;
  let catalog;
  try {
    config = loadConfig(process.env);
    catalog = loadCatalog(config.catalogPath);
  } catch (error) {
    // The logger's level comes from the configuration, so it does not exist yet.
    process.stderr.write(`parley-gateway: ${(error as Error).message}\n`);
    process.exit(1);
  }

  const app = await buildApp({ config, catalog });
  app.log.info(
    { grpcTarget: config.grpcTarget, catalog: config.catalogPath, products: catalog.size },
    'parley gateway starting',
  );

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      app.log.info({ signal }, 'parley gateway stopping');
      app.close().then(
        () => process.exit(0),
        (error: unknown) => {
          app.log.error({ err: error }, 'parley gateway failed to stop cleanly');
          process.exit(1);
        },
      );
    });
  }

  await app.listen({ host: config.host, port: config.port });
}

main().catch((error: unknown) => {
  process.stderr.write(`parley-gateway: failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
