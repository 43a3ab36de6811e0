/** The page's `asof`, following the address (back/forward and the pages' own writes). */
import { useEffect, useState } from 'react';
import { URL_CHANGE_EVENT } from '../lib/useUrlState';
import { asofFromLocation } from './asof';

export function useAsOf(): string | undefined {
  const [asof, setAsof] = useState(asofFromLocation);
  useEffect(() => {
    const read = () => setAsof(asofFromLocation());
    window.addEventListener('popstate', read);
    window.addEventListener(URL_CHANGE_EVENT, read);
    return () => {
      window.removeEventListener('popstate', read);
      window.removeEventListener(URL_CHANGE_EVENT, read);
    };
  }, []);
  return asof;
}
