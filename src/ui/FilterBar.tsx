import { SIZE_BUCKETS, type BoardFilter, type SizeBucket } from '../core/board-filter.ts';
import { Icon } from './Icon.tsx';
import { t } from './strings.ts';

interface Props {
  filter: BoardFilter;
  counts: Record<SizeBucket, number>;
  finishedToday: number;
  onFilter(filter: BoardFilter): void;
  onShowFinished(): void;
}

/** Size chips with counts, a search by name or note (each cleared in one tap), and today's finished parties. */
export function FilterBar({ filter, counts, finishedToday, onFilter, onShowFinished }: Props) {
  return (
    <div class="filter-bar">
      <div class="size-chips" role="group" aria-label={t().rush.sizeFilter}>
        {SIZE_BUCKETS.map((bucket) => (
          <button
            key={bucket}
            type="button"
            class="button chip"
            aria-pressed={filter.bucket === bucket}
            onClick={() => onFilter({ ...filter, bucket: filter.bucket === bucket ? null : bucket })}
          >
            {/* Seen "1–2 3", heard "1–2 guests: 3 parties". */}
            {t().rush.bucket(bucket)}
            <span class="visually-hidden">{t().rush.bucketGuests}</span>{' '}
            <span class="chip-count">
              {counts[bucket]}
              <span class="visually-hidden">{t().rush.bucketParties(counts[bucket])}</span>
            </span>
          </button>
        ))}
      </div>
      <div class="search">
        <Icon name="search" />
        <input
          type="search"
          enterKeyHint="search"
          aria-label={t().rush.search}
          placeholder={t().rush.searchPlaceholder}
          value={filter.query}
          onInput={(e) => onFilter({ ...filter, query: e.currentTarget.value })}
        />
        {filter.query && (
          <button
            type="button"
            class="button icon-button"
            aria-label={t().rush.clearSearch}
            onClick={() => onFilter({ ...filter, query: '' })}
          >
            <Icon name="close" />
          </button>
        )}
      </div>
      <button type="button" class="button" onClick={onShowFinished}>
        {t().rush.finishedButton(finishedToday)}
      </button>
    </div>
  );
}
