/** A refused control call: the HTTP API answers `status` with `{ "error": message }`; `sim.*` methods throw it. */
export class ControlError extends Error {
  override name = 'ControlError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
