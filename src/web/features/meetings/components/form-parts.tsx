import { useEffect, useState } from 'react';
import { api, ApiError } from '../../../app/api.js';
import type { Loadable } from '../../../app/use-api.js';

/** Loads an API path, or nothing while there is no path to load yet (a choice made earlier in the form). */
export function useOptionalApi<T>(path: string | null): Loadable<T> | null {
  const [result, setResult] = useState<Loadable<T> | null>(null);
  useEffect(() => {
    if (!path) {
      setResult(null);
      return;
    }
    let live = true;
    setResult({ state: 'loading' });
    api<T>(path)
      .then((data) => live && setResult({ state: 'ready', data }))
      .catch((error: Error) => live && setResult({ state: 'error', message: error.message, status: error instanceof ApiError ? error.status : 0 }));
    return () => {
      live = false;
    };
  }, [path]);
  return result;
}
