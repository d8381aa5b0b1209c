import { Observable, type Subscription } from 'rxjs';

/**
 * Opens a resource when subscribed, runs `use` with it, and closes it when that ends or the subscriber leaves.
 * Unsubscribing while it is still opening aborts the opening (through `signal`) and closes it if it opened anyway,
 * so no file handle or spool file outlives the subscription.
 */
export function usingResource<R extends { close(): Promise<void> }, T>(
  open: (signal: AbortSignal) => Promise<R>,
  use: (resource: R) => Observable<T>,
): Observable<T> {
  return new Observable<T>((subscriber) => {
    const controller = new AbortController();
    let resource: R | undefined;
    let inner: Subscription | undefined;
    let done = false;
    open(controller.signal).then(
      (opened) => {
        if (done) {
          opened.close().catch(() => undefined);
          return;
        }
        resource = opened;
        inner = use(opened).subscribe(subscriber);
      },
      (error: unknown) => subscriber.error(error),
    );
    return () => {
      done = true;
      controller.abort();
      inner?.unsubscribe();
      resource?.close().catch(() => undefined);
    };
  });
}
