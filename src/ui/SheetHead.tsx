import { Icon } from './Icon.tsx';
import { t } from './strings.ts';

/** A sheet's title with a Close button beside it, for the sheets a tap on the board opens. */
export function SheetHead({ id, title, onClose }: { id: string; title: string; onClose(): void }) {
  return (
    <div class="details-head">
      <h2 id={id}>{title}</h2>
      <button type="button" class="button icon-button" aria-label={t().rush.closeDetails} onClick={onClose}>
        <Icon name="close" />
      </button>
    </div>
  );
}
