import { defer, map, type Observable } from 'rxjs';
import type { WxResponse } from '../../http/request.js';
import type { CallDescriptor } from '../protocol/endpoints/descriptor.js';
import type { Transport } from '../../http/transport.js';

/**
 * One server call as a cold Observable: the endpoint's request is built at subscription (so `r`, `_` and keys are
 * current), sent through the transport, and its body decoded and checked by the endpoint (a refusal is the most
 * specific retcode error). Unsubscribing aborts it. Wrap it in `defer` when `ctx` or `input` must be read late.
 */
export function call<Context, Input, Answer, Decoded>(
  transport: Transport,
  endpoint: CallDescriptor<string, Context, Input, Answer, Decoded>,
  ctx: Context,
  input: Input,
): Observable<Answer> {
  return defer(() => transport.request(endpoint.request(ctx, input))).pipe(map((response) => answerOf(endpoint, response)));
}

/** An endpoint's answer to one response: its body decoded, and a refusal thrown as the most specific retcode error. */
export function answerOf<Answer, Decoded>(endpoint: CallDescriptor<string, never, never, Answer, Decoded>, response: WxResponse): Answer {
  return endpoint.ensureOk(endpoint.decode(response.text));
}
