/** The tenant's timezone for every date below it (`DD.MM.YYYY HH:MM` in the venue's local time). */
import { createContext, type ReactNode, useContext } from 'react';

const DEFAULT_ZONE = 'Europe/Moscow';
const ZoneContext = createContext<string>(DEFAULT_ZONE);

export function ZoneProvider({
  zone,
  children,
}: {
  readonly zone: string | undefined;
  readonly children: ReactNode;
}) {
  return <ZoneContext.Provider value={zone ?? DEFAULT_ZONE}>{children}</ZoneContext.Provider>;
}

export function useZone(): string {
  return useContext(ZoneContext);
}
