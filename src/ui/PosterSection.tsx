import type { CheckIn } from '../core/venue.ts';
import type { PublicSettings } from '../state/settings-model.ts';
import { BodyPortal } from './BodyPortal.tsx';
import { checkInAddress, JoinCard } from './JoinCard.tsx';
import { language, t } from './strings.ts';
import { settingsWords } from './settings-words.ts';
import { useJoinCode } from './use-join-code.ts';

/** Staff only, in Settings: print the join code poster, or download the code as PNG or SVG. */
export function PosterSection({
  saved,
  unpaired = false,
  checkIn = null,
}: {
  saved: PublicSettings;
  unpaired?: boolean;
  /** The venue's check-in page as its server names it: printed first while the venue takes online joins. */
  checkIn?: CheckIn | null;
}) {
  // Unpaired at a venue server, the saved link is the demo's, not this venue's: nothing to print yet.
  const code = useJoinCode(unpaired ? '' : saved.subscriptionLink);
  const checkInUrl = checkInAddress(checkIn, saved, unpaired);
  const checkInCode = useJoinCode(checkInUrl);
  const s = t();
  const poster = settingsWords().owner.poster;
  return (
    <section class="kiosk-section" aria-labelledby="poster-title">
      <h3 id="poster-title">{poster.title}</h3>
      <p>{poster.why}</p>
      {unpaired && <p>{s.venue.unpairedBanner}</p>}
      {saved.demo && !unpaired && <p>{poster.demoNote}</p>}
      {!saved.subscriptionLink && !checkInUrl && <p>{s.join.setUp}</p>}
      {(code || checkInCode) && (
        <div class="sheet-actions start">
          <button type="button" class="button" onClick={() => window.print()}>
            {s.join.print}
          </button>
          {code && (
            <a class="button" href={code.pngUrl} download="waitbell-join-code.png">
              {s.join.downloadPng}
            </a>
          )}
          {code && (
            <a class="button" href={code.svgUrl} download="waitbell-join-code.svg">
              {s.join.downloadSvg}
            </a>
          )}
          {checkInCode && (
            <a class="button" href={checkInCode.pngUrl} download="waitbell-check-in.png">
              {poster.checkInPng}
            </a>
          )}
          {checkInCode && (
            <a class="button" href={checkInCode.svgUrl} download="waitbell-check-in.svg">
              {poster.checkInSvg}
            </a>
          )}
        </div>
      )}
      {(code || checkInCode) && (
        <BodyPortal className="print-host">
          {/* What print shows, and only print: the sheet and the board are hidden then. */}
          <div class="join-poster" aria-hidden="true">
            <JoinCard
              venue={saved.venueName}
              svg={code?.svg ?? null}
              language={language.value}
              demo={saved.demo}
              checkIn={checkInUrl ? { url: checkInUrl, svg: checkInCode?.svg ?? null } : undefined}
            />
          </div>
        </BodyPortal>
      )}
    </section>
  );
}
