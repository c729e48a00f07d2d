import { describe, expect, it } from 'vitest';
import { adminPageQuerySchema } from '@/lib/auth/schema';
import { pageNoticeSchema } from './page-notice';

describe('page query strings', () => {
  it('a repeated parameter (a list) means none, not a crash (/admin?q=a&q=b was a 500)', () => {
    expect(adminPageQuerySchema.parse({ q: ['a', 'b'], notice: ['x', 'y'] })).toEqual({ q: undefined, notice: undefined, error: undefined });
  });

  it('one value is kept, trimmed where it is a search', () => {
    expect(adminPageQuerySchema.parse({ q: '  Ada  ', error: 'No such user.' })).toEqual({ q: 'Ada', notice: undefined, error: 'No such user.' });
  });

  it('an over-long message is dropped rather than shown', () => {
    expect(pageNoticeSchema.parse({ notice: 'x'.repeat(501) }).notice).toBeUndefined();
  });
});
