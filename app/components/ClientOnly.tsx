import { type ReactNode, useEffect, useState } from "react";

/**
 * Renders its children in the browser only, with a box of the same size on the server. recharts
 * draws differently on the server (ids from a process-wide counter, reference lines and tooltips
 * laid out from measurements): a server-drawn chart that does not match makes React throw the whole
 * page's hydration away, and antd's styles with it.
 */
export function ClientOnly({ width, height, children }: { width: number; height: number; children: () => ReactNode }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return mounted ? <>{children()}</> : <div style={{ width, height }} aria-hidden />;
}
