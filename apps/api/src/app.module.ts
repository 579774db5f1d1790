import { type DynamicModule, Global, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AuditModule } from './audit/index.js';
import { AuthModule } from './auth/index.js';
import { CollabModule } from './collab/index.js';
import { CommentsModule } from './comments/index.js';
import { DomainEvents } from './common/domain-events.js';
import { ErrorFilter } from './common/error.filter.js';
import { AppConfig } from './config/app-config.js';
import { ContentModule } from './content/index.js';
import type { Database } from './database/data-source.js';
import { HealthModule } from './health/health.module.js';
import { NotificationsModule } from './notifications/index.js';
import { ReportsModule } from './reports/index.js';
import { SeedModule } from './seed/seed.module.js';
import { TeamsModule } from './teams/index.js';
import { UsersModule } from './users/index.js';
import { VersionsModule } from './versions/index.js';
import { WorkflowModule } from './workflow/index.js';

/** Closes the database (and the embedded PGlite) after Nest has shut everything else down. */
class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(private readonly database: Database) {}

  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}

/** What every module may inject without importing it: the configuration and the domain events. */
@Global()
@Module({})
class CoreModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: CoreModule,
      providers: [{ provide: AppConfig, useValue: config }, DomainEvents],
      exports: [AppConfig, DomainEvents],
    };
  }
}

@Module({})
export class AppModule {
  static register(config: AppConfig, database: Database): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            redact: ['req.headers.cookie', 'res.headers["set-cookie"]'],
            autoLogging: { ignore: (req) => req.url === '/api/health' },
          },
        }),
        TypeOrmModule.forRootAsync({
          useFactory: () => database.dataSource.options,
          dataSourceFactory: async () => database.dataSource,
        }),
        EventEmitterModule.forRoot(),
        CoreModule.register(config),
        AuthModule,
        UsersModule,
        TeamsModule,
        AuditModule,
        ReportsModule,
        CollabModule,
        ContentModule,
        VersionsModule,
        WorkflowModule,
        CommentsModule,
        NotificationsModule,
        HealthModule,
        SeedModule,
      ],
      providers: [
        { provide: DatabaseLifecycle, useValue: new DatabaseLifecycle(database) },
        { provide: APP_FILTER, useClass: ErrorFilter },
      ],
    };
  }
}
