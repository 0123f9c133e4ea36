/** The MapError a map compiler throws for a broken map (fails the test when it compiles or throws else). */
import { MapError } from '../../../server/consoles/mapped/map-file';

export function mapErrorOf(compile: () => unknown): MapError {
  try {
    compile();
  } catch (error) {
    if (error instanceof MapError) return error;
    throw error;
  }
  throw new Error('the map compiled');
}
