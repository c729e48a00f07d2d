import { dictionary } from '@zxcvbn-ts/language-common';

// The ~50,000 most common passwords from leaked-password corpora, as packaged by
// zxcvbn-ts. Only entries a user could pick (8+ characters) are kept.
let commonPasswords: Set<string> | undefined;

export function isCommonPassword(password: string): boolean {
  commonPasswords ??= new Set(dictionary['passwords-common'].filter((entry) => entry.length >= 8));
  return commonPasswords.has(password.toLowerCase());
}
