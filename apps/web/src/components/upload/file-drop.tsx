'use client';

import { useState, type DragEvent } from 'react';
import { formatBytes } from '~/lib/uploads';

/** A drop zone for one CSV file, with a file picker for those who prefer clicking. */
export function FileDrop({
  onFile,
  maxBytes,
  disabled = false,
}: {
  onFile: (file: File) => void;
  /** The server's size limit, shown as a hint (the server enforces it). */
  maxBytes?: number;
  disabled?: boolean;
}) {
  const [over, setOver] = useState(false);
  function onDrop(event: DragEvent) {
    event.preventDefault();
    setOver(false);
    const file = event.dataTransfer.files[0];
    if (file && !disabled) onFile(file);
  }
  return (
    <div
      className={`drop-zone${over ? ' over' : ''}`}
      data-testid="drop-zone"
      onDragOver={(e) => {
        e.preventDefault();
        if (!disabled) setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <p>
        <strong>Drop a CSV file here</strong> <span className="muted">or choose one:</span>
      </p>
      <label>
        CSV file
        <input
          type="file"
          accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain"
          disabled={disabled}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) onFile(file);
          }}
        />
      </label>
      <p className="muted small">
        Comma, semicolon, tab or pipe separated, UTF-8
        {maxBytes ? `, up to ${formatBytes(maxBytes)}` : ''}. Large files stream; the columns are
        detected on the server.
      </p>
    </div>
  );
}
