/** The pictures of the toolbar and the find bar (the text formats show letters instead). */
const iconProps = { width: 18, height: 18, viewBox: '0 0 18 18', 'aria-hidden': true, focusable: false } as const;

export function BulletIcon() {
  return (
    <svg {...iconProps}>
      <circle cx="3.5" cy="4.5" r="1.4" fill="currentColor" />
      <circle cx="3.5" cy="9" r="1.4" fill="currentColor" />
      <circle cx="3.5" cy="13.5" r="1.4" fill="currentColor" />
      <path d="M7 4.5h9M7 9h9M7 13.5h9" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
    </svg>
  );
}

export function NumberedIcon() {
  return (
    <svg {...iconProps}>
      <text x="1" y="6.5" fontSize="5.5" fontFamily="system-ui, sans-serif" fill="currentColor">1</text>
      <text x="1" y="11" fontSize="5.5" fontFamily="system-ui, sans-serif" fill="currentColor">2</text>
      <text x="1" y="15.5" fontSize="5.5" fontFamily="system-ui, sans-serif" fill="currentColor">3</text>
      <path d="M7 4.5h9M7 9h9M7 13.5h9" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
    </svg>
  );
}

export function UndoIcon({ flip = false }: { flip?: boolean }) {
  return (
    <svg {...iconProps} style={flip ? { transform: 'scaleX(-1)' } : undefined}>
      <path d="M6.5 4 3 7.5 6.5 11" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
      <path d="M3.5 7.5h7a4 4 0 0 1 0 8H8" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
    </svg>
  );
}

export function SearchIcon() {
  return (
    <svg {...iconProps}>
      <circle cx="7.5" cy="7.5" r="4.6" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <path d="m11 11 4.2 4.2" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" />
    </svg>
  );
}

const CHEVRON_TURN = { down: 0, right: -90, up: 180 } as const;

export function ChevronIcon({ direction }: { direction: keyof typeof CHEVRON_TURN }) {
  return (
    <svg {...iconProps} style={{ transform: `rotate(${CHEVRON_TURN[direction]}deg)` }}>
      <path d="m4.5 7 4.5 4.5L13.5 7" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

export function CloseIcon() {
  return (
    <svg {...iconProps}>
      <path d="m4.5 4.5 9 9m0-9-9 9" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
    </svg>
  );
}
