/**
 * The tenant's hosted runtime, live: GET /api/v1/runtime once, then every change pushed by the server-sent
 * event stream GET /api/v1/runtime/events (each `data:` a RuntimeStatus). The stream is open only while a
 * page that shows the runtime is mounted and the tab is visible.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type RuntimeStatus } from './api.ts';

export interface LiveRuntime {
  /** undefined while loading; null when no runtime is installed. */
  runtime: RuntimeStatus | null | undefined;
  error: unknown;
  /** True while the event stream is connected. */
  live: boolean;
  /** Replace the state with an answer (the install POST's 202 body). */
  set: (r: RuntimeStatus | null) => void;
  reload: () => Promise<void>;
}

export function useRuntime(): LiveRuntime {
  const [runtime, setRuntime] = useState<RuntimeStatus | null>();
  const [error, setError] = useState<unknown>();
  const [live, setLive] = useState(false);
  const alive = useRef(true);

  const reload = useCallback(async () => {
    try {
      const r = await api.runtime();
      if (alive.current) {
        setRuntime(r);
        setError(undefined);
      }
    } catch (e) {
      if (alive.current) setError(e);
    }
  }, []);

  useEffect(() => {
    alive.current = true;
    void reload();
    let es: EventSource | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const open = () => {
      if (es || document.visibilityState !== 'visible') return;
      es = new EventSource(api.runtimeEventsUrl, { withCredentials: true });
      es.onopen = () => setLive(true);
      // The server names its events `status`; unnamed `message` events are read the same way.
      const onStatus = (m: MessageEvent<string>) => {
        try {
          const r = JSON.parse(m.data) as RuntimeStatus;
          setRuntime(r.phase === 'NotInstalled' ? null : r);
          setError(undefined);
        } catch {
          /* not a status */
        }
      };
      es.addEventListener('status', onStatus);
      es.onmessage = onStatus;
      es.onerror = () => {
        setLive(false);
        // The browser reconnects by itself unless the server refused the stream (then readyState is CLOSED).
        if (es?.readyState === EventSource.CLOSED) {
          es = undefined;
          retry = setTimeout(() => {
            void reload();
            open();
          }, 3000);
        }
      };
    };
    const close = () => {
      es?.close();
      es = undefined;
      if (retry) clearTimeout(retry);
      setLive(false);
    };
    const onVisibility = () => {
      if (document.visibilityState === 'visible') {
        void reload();
        open();
      } else close();
    };
    open();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      alive.current = false;
      close();
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [reload]);

  return { runtime, error, live, set: setRuntime, reload };
}

export const isHealthy = (r: RuntimeStatus | null | undefined): boolean => !!r && r.phase === 'Active';
