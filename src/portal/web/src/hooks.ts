/** Data loading for pages: loading / error / data states, and live refresh while the page is visible. */
import { useCallback, useEffect, useRef, useState } from 'react';

export interface Resource<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => Promise<void>;
}

/**
 * Loads `fetcher()` now, and again every `intervalMs` while the document is visible (no timer runs while the
 * tab is hidden; it reloads as soon as it is shown again).
 */
export function useResource<T>(fetcher: () => Promise<T>, deps: unknown[], intervalMs = 0): Resource<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const fetchRef = useRef(fetcher);
  fetchRef.current = fetcher;
  const alive = useRef(true);

  const reload = useCallback(async () => {
    try {
      const d = await fetchRef.current();
      if (!alive.current) return;
      setData(d);
      setError(undefined);
    } catch (e) {
      if (alive.current) setError(e);
    } finally {
      if (alive.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    alive.current = true;
    setLoading(true);
    setData(undefined);
    setError(undefined);
    void reload();
    let timer: ReturnType<typeof setInterval> | undefined;
    const start = () => {
      if (intervalMs > 0 && !timer && document.visibilityState === 'visible') timer = setInterval(() => void reload(), intervalMs);
    };
    const stop = () => {
      if (timer) clearInterval(timer);
      timer = undefined;
    };
    const onVisibility = () => {
      if (document.visibilityState === 'visible') {
        void reload();
        start();
      } else stop();
    };
    start();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      alive.current = false;
      stop();
      document.removeEventListener('visibilitychange', onVisibility);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  return { data, error, loading, reload };
}

/** Sets the document title for a page. */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Marina`;
  }, [title]);
}
