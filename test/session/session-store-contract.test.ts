import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'vitest';
import { describeSessionStoreContract } from '../../src/testing/index.js';
import { FileSessionStore } from '../../src/web/session/file-session-store.js';
import { MemorySessionStore } from '../../src/web/session/memory-session-store.js';
import { freshFolderEachTest } from './sample-session.js';

const runner = { describe, it, beforeEach, afterEach };

describeSessionStoreContract('MemorySessionStore', () => new MemorySessionStore(), runner);

describe('FileSessionStore', () => {
  let folder = '';
  freshFolderEachTest((path) => (folder = path));
  describeSessionStoreContract('FileSessionStore', () => new FileSessionStore(join(folder, 'session.json')), runner, {
    reopen: (store) => new FileSessionStore(store.path),
  });
});
