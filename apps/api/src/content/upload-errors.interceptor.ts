import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor, PayloadTooLargeException } from '@nestjs/common';
import { LIMITS } from '@review/shared';
import { catchError, type Observable, throwError } from 'rxjs';
import { validationFailed } from '../common/app-error.js';

/**
 * Wraps the multipart parser: a file over the limit is a bad file like any other (400 with the
 * reason), not a 413 without one.
 */
@Injectable()
export class UploadErrorsInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((err: unknown) => {
        if (!(err instanceof PayloadTooLargeException)) return throwError(() => err);
        const message = `The file is larger than ${LIMITS.importFileBytes / 1024 / 1024} MiB`;
        return throwError(() => validationFailed([{ path: 'file', message }], message));
      }),
    );
  }
}
