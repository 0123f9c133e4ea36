/** Profile ids: the file name without `.json`. Strict so an id can never leave the profiles folder. */
import { ProfileError } from './profile-error';

const PROFILE_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

export function isProfileId(id: string): boolean {
  return PROFILE_ID.test(id);
}

/** @throws ProfileError `bad-id` unless `id` is 1..64 of `a-z 0-9 -`, not starting with `-`. */
export function assertProfileId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || !PROFILE_ID.test(id)) {
    throw new ProfileError(
      'bad-id',
      `bad profile id ${JSON.stringify(id)}: use 1 to 64 of a-z, 0-9 and "-", starting with a letter or digit`,
      null,
      null,
    );
  }
}
