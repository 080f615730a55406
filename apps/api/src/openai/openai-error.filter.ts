import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ErrorBody, HttpExceptionFilter } from '@app/core';

/** OpenAI's error `type` for each status, as its SDKs and tools expect it. */
const OPENAI_ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  409: 'conflict_error',
  413: 'invalid_request_error',
  422: 'invalid_request_error',
  429: 'rate_limit_error',
};

/**
 * The house error shape `{ statusCode, code, message, requestId }` plus OpenAI's `error` object
 * `{ message, type, code, param }`, so both our clients and OpenAI SDKs read the failure. The house
 * filter still builds the body (one place maps errors to HTTP); this one only adds to it.
 */
@Catch()
export class OpenAiErrorFilter implements ExceptionFilter {
  private readonly house = new HttpExceptionFilter();

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const withOpenAiError = {
      status: (statusCode: number) => ({
        send: (body: ErrorBody) => reply.status(statusCode).send({ ...body, error: openAiError(body) }),
      }),
    };
    const request = http.getRequest<unknown>();
    const wrapped = {
      switchToHttp: () => ({
        getRequest: () => request,
        getResponse: () => withOpenAiError,
        getNext: () => http.getNext(),
      }),
    } as unknown as ArgumentsHost;
    this.house.catch(exception, wrapped);
  }
}

export function openAiError(body: Pick<ErrorBody, 'statusCode' | 'code' | 'message'>) {
  const type =
    OPENAI_ERROR_TYPES[body.statusCode] ?? (body.statusCode >= 500 ? 'server_error' : 'invalid_request_error');
  return { message: body.message, type, code: body.code, param: null };
}
