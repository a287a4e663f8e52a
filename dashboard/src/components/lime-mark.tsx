/** The logo: a lime slice bridged to a CRM card. Decorative. */
export function LimeMark({ size = 28 }: { readonly size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" className="lime-mark">
      <circle cx="16" cy="16" r="14" fill="#65a30d" />
      <circle cx="16" cy="16" r="11" fill="#d9f99d" />
      {[0, 60, 120, 180, 240, 300].map((angle) => (
        <line
          key={angle}
          x1="16"
          y1="16"
          x2={16 + 10 * Math.cos((angle * Math.PI) / 180)}
          y2={16 + 10 * Math.sin((angle * Math.PI) / 180)}
          stroke="#65a30d"
          strokeWidth="1.4"
        />
      ))}
      <circle cx="16" cy="16" r="2" fill="#65a30d" />
    </svg>
  );
}
