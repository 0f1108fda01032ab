import { useEffect, useState } from 'react';
import { api, ApiError } from './api.js';

export type Loadable<T> = { state: 'loading' } | { state: 'error'; message: string; status: number } | { state: 'ready'; data: T };

/** Loads an API path once per change of path. */
export function useApi<T>(path: string): Loadable<T> {
  const [result, setResult] = useState<Loadable<T>>({ state: 'loading' });
  useEffect(() => {
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
