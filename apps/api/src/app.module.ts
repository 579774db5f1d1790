import { type DynamicModule, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AuditService } from './audit/audit.service.js';
import { AuthController } from './auth/auth.controller.js';
import { AuthService } from './auth/auth.service.js';
import { LoginThrottle } from './auth/login-throttle.js';
import { PasswordService } from './auth/password.service.js';
import { SessionGuard } from './auth/session.guard.js';
import { WriteRateLimit } from './auth/write-rate-limit.js';
import { CollabGateway } from './collab/collab.gateway.js';
import { CommentsController } from './comments/comments.controller.js';
import { CommentsService } from './comments/comments.service.js';
import { NotificationsService } from './comments/notifications.service.js';
import { CollabService } from './collab/collab.service.js';
import { DocumentStore } from './collab/document.store.js';
import { UpdateWriter } from './collab/update-writer.js';
import { ErrorFilter } from './common/error.filter.js';
import { ContentController } from './content/content.controller.js';
import { ReportChecksService } from './content/report-checks.service.js';
import { ReportExportService } from './content/report-export.service.js';
import { ReportImportService } from './content/report-import.service.js';
import { TemplateRegistry } from './content/template.registry.js';
import { TemplatesController } from './content/templates.controller.js';
import { AppConfig } from './config/app-config.js';
import { type Database, ENTITIES } from './database/data-source.js';
import { HealthController } from './health/health.controller.js';
import { ReportsController } from './reports/reports.controller.js';
import { ReportsService } from './reports/reports.service.js';
import { DemoSeedService } from './seed/demo-seed.service.js';
import { TeamsController } from './teams/teams.controller.js';
import { TeamMembership } from './teams/team-membership.js';
import { TeamsService } from './teams/teams.service.js';
import { UsersController } from './users/users.controller.js';
import { UsersService } from './users/users.service.js';
import { WorkflowController } from './workflow/workflow.controller.js';
import { WorkflowService } from './workflow/workflow.service.js';

/** Closes the database (and the embedded PGlite) after Nest has shut everything else down. */
class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(private readonly database: Database) {}

  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
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
        TypeOrmModule.forFeature(ENTITIES),
      ],
      controllers: [
        AuthController,
        UsersController,
        TeamsController,
        ReportsController,
        WorkflowController,
        CommentsController,
        ContentController,
        TemplatesController,
        HealthController,
      ],
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: DatabaseLifecycle, useValue: new DatabaseLifecycle(database) },
        { provide: APP_GUARD, useClass: SessionGuard },
        { provide: APP_FILTER, useClass: ErrorFilter },
        AuthService,
        PasswordService,
        LoginThrottle,
        WriteRateLimit,
        UsersService,
        TeamsService,
        TeamMembership,
        ReportsService,
        AuditService,
        WorkflowService,
        CommentsService,
        NotificationsService,
        DemoSeedService,
        TemplateRegistry,
        ReportImportService,
        ReportChecksService,
        ReportExportService,
        DocumentStore,
        UpdateWriter,
        CollabService,
        CollabGateway,
      ],
    };
  }
}
