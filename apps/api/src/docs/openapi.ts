import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** OpenAPI document built from the controllers; request bodies come from the shared zod schemas. */
export function setupOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Review workflow API')
      .setDescription('Reports, review workflow and administration. Errors are {error, message, status}.')
      .setVersion('1')
      .addCookieAuth('review_sid')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
}
