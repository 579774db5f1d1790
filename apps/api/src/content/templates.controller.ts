import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { TemplateDto } from '@review/shared';
import { TemplateRegistry } from './template.registry.js';

@ApiTags('content')
@Controller('templates')
export class TemplatesController {
  constructor(private readonly templates: TemplateRegistry) {}

  @Get()
  list(): TemplateDto[] {
    return this.templates.list();
  }
}
