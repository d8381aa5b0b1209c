import { type Observable, tap } from 'rxjs';
import { isSessionEndedError } from '../../errors/guards.js';
import type { SessionEndedError } from '../../errors/session-ended-error.js';
import type { Transport } from '../../http/transport.js';
import type { IlinkEndpoint } from '../protocol/endpoints/descriptor.js';
import type { IlinkHttp } from './http.js';

/** What the operations outside the receive loop (sends, typing, media) need of the client's HTTP. */
export interface OperationHttp {
  readonly transport: Transport;
  call<Input, Answer>(endpoint: IlinkEndpoint<string, Input, Answer>, base: string, token: string | undefined, input: Input): Observable<Answer>;
}

/**
 * The client's HTTP for the operations, telling `staleToken` of every -14 one of their calls gets: the server answers
 * a dead token on any endpoint (docs/ilink-protocol.md §3.2), and a bot that only sends never polls to find out.
 */
export class StaleTokenReporting implements OperationHttp {
  constructor(
    private readonly http: IlinkHttp,
    private readonly staleToken: (token: string, error: SessionEndedError) => void,
  ) {}

  get transport(): Transport {
    return this.http.transport;
  }

  call<Input, Answer>(endpoint: IlinkEndpoint<string, Input, Answer>, base: string, token: string | undefined, input: Input): Observable<Answer> {
    return this.http.call(endpoint, base, token, input).pipe(
      tap({
        error: (error: unknown) => {
          if (token !== undefined && isSessionEndedError(error)) this.staleToken(token, error);
        },
      }),
    );
  }
}
