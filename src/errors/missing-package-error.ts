import { WeChatError } from './wechat-error.js';

/**
 * A feature needs a package that wechat-rx lists as an optional peer dependency (the simulator's `qrcode` and
 * `busboy`, the device protocol's `protobufjs`), and it is not installed. The message says what to install.
 */
export class MissingPackageError extends WeChatError {
  override name = 'MissingPackageError';

  constructor(
    readonly packageName: string,
    /** What needed it: `the simulator`, `the work-phone device protocol`. */
    readonly feature: string,
    cause?: unknown,
  ) {
    super(`${feature} needs the package ${packageName}, which is not installed: npm install ${packageName}`, { cause });
  }
}
