import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Injectable } from '@nestjs/common';
import { parseReport, type ReportBlock, type TemplateDto } from '@review/shared';
import { validationFailed } from '../common/app-error.js';

/**
 * apps/api/templates, from src/content and from dist/content alike: templates are data next to
 * the package, read at start-up, so that they need no build step.
 */
const TEMPLATE_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));
const TEMPLATE_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

interface Template extends TemplateDto {
  order: number;
  blocks: ReportBlock[];
}

export class TemplateError extends Error {}

/**
 * Parses one template file: a front matter of `key: value` lines (name, description, title,
 * order), then the body in Markdown, read by the same parser as imports.
 */
export function parseTemplate(id: string, source: string): Template {
  const front = FRONT_MATTER.exec(source);
  if (!front) throw new TemplateError(`template ${id}: the file must start with a --- front matter ---`);
  const fields = new Map<string, string>();
  for (const line of (front[1] ?? '').split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const at = line.indexOf(':');
    if (at <= 0) throw new TemplateError(`template ${id}: "${line}" is not a key: value line`);
    fields.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  const name = fields.get('name');
  const description = fields.get('description');
  if (!name || !description) throw new TemplateError(`template ${id}: name and description are required`);
  const order = Number(fields.get('order') ?? '100');
  if (!Number.isFinite(order)) throw new TemplateError(`template ${id}: order must be a number`);
  const parsed = parseReport(source.slice(front[0].length), 'md');
  if (parsed.title !== null) {
    throw new TemplateError(`template ${id}: the body starts with a title line ("${parsed.title}"); put it in the front matter as title`);
  }
  return { id, name, description, title: fields.get('title') ?? '', order, blocks: parsed.blocks };
}

/** The templates in apps/api/templates/*.md; adding a file adds a template (at the next start). */
@Injectable()
export class TemplateRegistry {
  private readonly templates: Map<string, Template>;

  constructor() {
    const loaded: Template[] = [];
    for (const file of readdirSync(TEMPLATE_DIR).sort()) {
      if (!file.endsWith('.md')) continue;
      const id = file.slice(0, -'.md'.length);
      if (!TEMPLATE_ID.test(id)) throw new TemplateError(`template file ${file}: the name must be lowercase letters, digits and -`);
      loaded.push(parseTemplate(id, readFileSync(path.join(TEMPLATE_DIR, file), 'utf8')));
    }
    if (!loaded.some((t) => t.id === 'blank')) throw new TemplateError(`${TEMPLATE_DIR} has no blank.md`);
    loaded.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
    this.templates = new Map(loaded.map((t) => [t.id, t]));
  }

  list(): TemplateDto[] {
    return [...this.templates.values()].map(({ id, name, description, title }) => ({ id, name, description, title }));
  }

  /** The content of a new report made from the template; 400 for an unknown one. */
  blocks(id: string): ReportBlock[] {
    const template = this.templates.get(id);
    if (!template) {
      const known = [...this.templates.keys()].join(', ');
      throw validationFailed([{ path: 'template', message: `unknown template "${id}"; known: ${known}` }]);
    }
    return template.blocks;
  }
}
