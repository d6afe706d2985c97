/** A labelled progress bar with its status in words next to it. */
export function ProgressBar({
  label,
  ratio,
  text,
}: {
  label: string;
  /** 0..1, or null while unknown. */
  ratio: number | null;
  text: string;
}) {
  return (
    <div className="progress-line" role="status">
      <progress
        aria-label={label}
        max={1}
        value={ratio === null ? undefined : Math.min(1, Math.max(0, ratio))}
      />
      <span className="progress-text">{text}</span>
    </div>
  );
}
