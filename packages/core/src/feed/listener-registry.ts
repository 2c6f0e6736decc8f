/** What a listener registry does with an error thrown by a listener. */
export type ListenerErrorHandler = (error: unknown, eventType: string) => void;

/**
 * A small typed listener API: `on(type, listener)` returns an unsubscribe function. `Events` maps each event type to
 * its payload type.
 *
 * A listener that throws never breaks the emitter's own state (the order manager has already applied the change it
 * is announcing): the error goes to `onListenerError`, which by default logs it to stderr with the event type.
 */
export class ListenerRegistry<Events extends object> {
  private readonly listeners = new Map<keyof Events, Array<(payload: never) => void>>();

  constructor(private readonly onListenerError: ListenerErrorHandler = logListenerError) {}

  /** Calls `listener` for every `type` event until the returned function is called. */
  on<Type extends keyof Events>(type: Type, listener: (payload: Events[Type]) => void): () => void {
    let list = this.listeners.get(type);
    if (list === undefined) {
      list = [];
      this.listeners.set(type, list);
    }
    list.push(listener as (payload: never) => void);
    return () => {
      const current = this.listeners.get(type);
      if (current === undefined) return;
      const index = current.indexOf(listener as (payload: never) => void);
      if (index >= 0) current.splice(index, 1);
    };
  }

  /** True when at least one listener waits for `type`: lets hot paths skip building a payload nobody reads. */
  has(type: keyof Events): boolean {
    const list = this.listeners.get(type);
    return list !== undefined && list.length > 0;
  }

  /** Delivers `payload` to every `type` listener, in registration order. */
  emit<Type extends keyof Events>(type: Type, payload: Events[Type]): void {
    const list = this.listeners.get(type);
    if (list === undefined || list.length === 0) return;
    // Iterate over a stable length: a listener that unsubscribes itself must not skip its neighbour.
    const snapshot = list.length === 1 ? list : list.slice();
    for (let index = 0; index < snapshot.length; index++) {
      try {
        (snapshot[index] as (payload: Events[Type]) => void)(payload);
      } catch (error) {
        this.onListenerError(error, String(type));
      }
    }
  }
}

function logListenerError(error: unknown, eventType: string): void {
  console.error(`tickwire: a "${eventType}" listener threw; the event was still applied.`, error);
}
