// Plain text with its web addresses as links (the text part of a caught email).
const url = /(https?:\/\/[^\s<>()\]]+)/g;

export type LinkedTextProps = { text: string };

export function LinkedText({ text }: LinkedTextProps) {
  // split() with a capturing group keeps the addresses at the odd positions.
  return (
    <pre className="mail-text">
      {text.split(url).map((part, index) =>
        index % 2 === 1 ? (
          <a key={index} href={part}>
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </pre>
  );
}
