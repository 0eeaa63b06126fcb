// The `time` block every REST answer carries. Clients rarely read it, but its presence is part of the shape.

export interface RestTime {
  start: number;
  finish: number;
  duration: number;
  processing: number;
  date_start: string;
  date_finish: string;
  operating: number;
  operating_reset_at: number;
}

function portalDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

export function restTime(startMs: number, finishMs = Date.now()): RestTime {
  const duration = (finishMs - startMs) / 1000;
  return {
    start: startMs / 1000,
    finish: finishMs / 1000,
    duration,
    processing: duration,
    date_start: portalDate(startMs),
    date_finish: portalDate(finishMs),
    operating: 0,
    operating_reset_at: Math.floor(startMs / 1000) + 600,
  };
}
