import { useEffect, useState } from 'react';
import { api } from './api.js';

export type Loadable<T> = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; data: T };

/** Loads an API path once per change of path. */
export function useApi<T>(path: string): Loadable<T> {
  const [result, setResult] = useState<Loadable<T>>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    setResult({ state: 'loading' });
    api<T>(path)
      .then((data) => live && setResult({ state: 'ready', data }))
      .catch((error: Error) => live && setResult({ state: 'error', message: error.message }));
    return () => {
      live = false;
    };
  }, [path]);
  return result;
}
