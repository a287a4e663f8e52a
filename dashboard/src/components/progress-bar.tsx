/** A determinate progress bar (0..1), or an indeterminate one while the total is unknown. */
type Props = { readonly value: number | null; readonly label: string };

export function ProgressBar({ value, label }: Props) {
  const percent = value === null ? null : Math.round(Math.min(1, Math.max(0, value)) * 100);
  return (
    <div
      className={percent === null ? 'progress indeterminate' : 'progress'}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent ?? undefined}
    >
      <div className="progress-fill" style={{ width: percent === null ? '30%' : `${percent}%` }} />
    </div>
  );
}
