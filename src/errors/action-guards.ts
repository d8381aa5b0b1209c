import { ActionError } from './action-error.js';
import { guardFor } from './guard-for.js';

/** Narrows to `ActionError`, also across two copies of the library. */
export const isActionError = guardFor(ActionError, 'ActionError');
