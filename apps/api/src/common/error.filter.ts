import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { ApiErrorBody, ErrorCode } from '@review/shared';
import type { Response } from 'express';
import { AppError } from './app-error.js';

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'validation_failed',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  429: 'rate_limited',
};

interface BodyParserError {
  type: string;
  status: number;
}

function isBodyParserError(err: unknown): err is BodyParserError {
  return typeof err === 'object' && err !== null && 'type' in err && 'status' in err;
}

/** The one place where errors become `{error, message, status}` responses. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (exception instanceof AppError && exception.headers) {
      for (const [k, v] of Object.entries(exception.headers)) res.setHeader(k, v);
    }
    if (body.status >= 500) this.logger.error(exception);
    res.status(body.status).json(body);
  }

  private toBody(exception: unknown): ApiErrorBody {
    if (exception instanceof AppError) {
      const body: ApiErrorBody = { error: exception.code, message: exception.message, status: exception.status };
      if (exception.details !== undefined) body.details = exception.details;
      return body;
    }
    if (isBodyParserError(exception)) {
      if (exception.type === 'entity.too.large') {
        return { error: 'payload_too_large', message: 'The request body is too large', status: 413 };
      }
      if (exception.status >= 400 && exception.status < 500) {
        return {
          error: 'validation_failed',
          message: 'The request body is not valid JSON',
          status: 400,
          details: [{ path: '', message: exception.type }],
        };
      }
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = CODE_BY_STATUS[status];
      if (status === 400) {
        return { error: 'validation_failed', message: exception.message, status, details: [{ path: '', message: exception.message }] };
      }
      if (code) return { error: code, message: exception.message, status };
    }
    return { error: 'internal_error', message: 'Something went wrong on the server', status: 500 };
  }
}
