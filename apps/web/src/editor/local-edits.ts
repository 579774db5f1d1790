/**
 * Edits of one user in one report that the server has not confirmed yet, kept in IndexedDB so
 * that they survive a reload or a closed tab while offline. Each record is one Yjs update; the
 * first record of a period holds the whole document, so a stored set is complete on its own.
 * Records are keyed `[docKey, tabId, n]`: tabs never overwrite each other, and Yjs updates may
 * be applied in any order, so loading simply takes all of them.
 */
const DB_NAME = 'review-local-edits';
const DB_VERSION = 1;
const STORE = 'updates';

type Key = [string, string, number];

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

function openDatabase(): Promise<IDBDatabase> {
  const req = indexedDB.open(DB_NAME, DB_VERSION);
  req.onupgradeneeded = () => {
    if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE);
  };
  return request(req);
}

/** All keys `[docKey, tab, *]`, or `[docKey, *, *]` without a tab. Arrays sort above numbers and strings. */
function range(docKey: string, tab?: string): IDBKeyRange {
  return tab === undefined
    ? IDBKeyRange.bound([docKey], [docKey, []])
    : IDBKeyRange.bound([docKey, tab], [docKey, tab, []]);
}

export class LocalEdits {
  private readonly tab = crypto.randomUUID();
  private next = 0;
  /** Tabs whose records this one loaded and so answers for: cleared together with its own. */
  private readonly inherited = new Set<string>();

  private constructor(
    private readonly db: IDBDatabase,
    readonly docKey: string,
  ) {}

  static async open(docKey: string): Promise<LocalEdits> {
    return new LocalEdits(await openDatabase(), docKey);
  }

  /** Every stored update of this document, from any tab, earlier ones included. */
  async load(): Promise<Uint8Array[]> {
    const tx = this.db.transaction(STORE, 'readonly');
    const store = tx.objectStore(STORE);
    const [keys, values] = await Promise.all([
      request(store.getAllKeys(range(this.docKey))),
      request(store.getAll(range(this.docKey))),
    ]);
    for (const key of keys as Key[]) this.inherited.add(key[1]);
    return (values as unknown[]).filter((v): v is Uint8Array => v instanceof Uint8Array);
  }

  append(update: Uint8Array): Promise<void> {
    const tx = this.db.transaction(STORE, 'readwrite');
    tx.objectStore(STORE).put(update, this.key());
    return committed(tx);
  }

  /** Replaces this tab's records with one holding the whole document. */
  replace(state: Uint8Array): Promise<void> {
    const tx = this.db.transaction(STORE, 'readwrite');
    const store = tx.objectStore(STORE);
    store.delete(range(this.docKey, this.tab));
    store.put(state, this.key());
    return committed(tx);
  }

  /** Forgets this tab's records and those it loaded: the server has them all. */
  clear(): Promise<void> {
    const tx = this.db.transaction(STORE, 'readwrite');
    const store = tx.objectStore(STORE);
    store.delete(range(this.docKey, this.tab));
    for (const tab of this.inherited) store.delete(range(this.docKey, tab));
    this.inherited.clear();
    return committed(tx);
  }

  close(): void {
    this.db.close();
  }

  private key(): Key {
    this.next += 1;
    return [this.docKey, this.tab, this.next];
  }
}
