import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { LIMITS } from '@review/shared';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { CollabIoAdapter } from './collab/index.js';
import { AppConfig, ConfigError } from './config/app-config.js';
import { type Database, DatabaseUnavailableError, openDatabase } from './database/data-source.js';
import { setupOpenApi } from './docs/openapi.js';
import { DemoSeedService } from './seed/demo-seed.service.js';
import { serveWebApp } from './web-app.js';

function fail(message: string): never {
  process.stderr.write(`\nreview-api cannot start: ${message}\n\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = new AppConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }

  let database: Database;
  try {
    database = await openDatabase(config);
  } catch (err) {
    if (err instanceof DatabaseUnavailableError) fail(err.message);
    fail(`database migration failed: ${err instanceof Error ? err.message : String(err)}`);
  }

  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config, database), {
    bufferLogs: true,
    bodyParser: false,
  });
  const logger = app.get(Logger);
  app.useLogger(logger);
  app.set('trust proxy', config.trustProxy);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: { 'style-src': ["'self'", "'unsafe-inline'"], 'upgrade-insecure-requests': null },
      },
    }),
  );
  app.use(cookieParser());
  app.useBodyParser('json', { limit: LIMITS.jsonBodyBytes });
  app.enableCors({
    origin: (origin, cb) => cb(null, origin === undefined || config.isAllowedOrigin(origin)),
    credentials: true,
  });
  app.setGlobalPrefix('api');
  const sockets = new CollabIoAdapter(app, config);
  await sockets.connectToRedis();
  app.useWebSocketAdapter(sockets);
  setupOpenApi(app);
  const servingWeb = serveWebApp(app, config.webDist);
  app.enableShutdownHooks();

  await app.get(DemoSeedService).seedIfEmpty();
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  logger.log(
    `Listening on ${url} (${config.embeddedDatabase ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'}` +
      `${servingWeb ? '' : '; web app not built'})`,
    'Bootstrap',
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`review-api crashed during start-up: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
