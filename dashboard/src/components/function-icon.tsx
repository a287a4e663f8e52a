/** Small line icons for the four things limebridge does. Decorative. */
export type FunctionIconName = 'contacts' | 'history' | 'catalog' | 'preorders';

const PATHS: Record<FunctionIconName, string> = {
  contacts:
    'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm-7 8a7 7 0 0 1 14 0M19 8a3 3 0 0 1 0 6M21 20a5 5 0 0 0-3-4.5',
  history: 'M4 5h16v14H4zM8 9h8M8 13h8M8 17h5',
  catalog: 'M3 7l9-4 9 4-9 4zM3 7v10l9 4 9-4V7M12 11v10',
  preorders: 'M4 4h2l2 11h10l2-8H7M10 20a1 1 0 1 0 0-.01M17 20a1 1 0 1 0 0-.01',
};

export function FunctionIcon({ name }: { readonly name: FunctionIconName }) {
  return (
    <svg className="function-icon" viewBox="0 0 24 24" width="28" height="28" aria-hidden="true">
      <path
        d={PATHS[name]}
        fill="none"
        stroke="currentColor"
        strokeWidth="1.6"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
