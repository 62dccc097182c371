import { useEffect, useRef, useState } from 'preact/hooks';
import {
  DEFAULT_QUOTE_FIELDS,
  limitForTemplate,
  looksLikePushedSubscriptionLink,
  PUSHED_API_URL,
  SANDBOX_SETTINGS,
  type DefaultQuoteField,
  type SettingsInput,
  type SettingsProblem,
} from '../core/settings.ts';
import type { OnlineJoins, OnlineJoinsField } from '../core/online-joins.ts';
import type { KioskPort } from '../state/kiosk-port.ts';
import type { PublicSettings, SettingsModel } from '../state/settings-model.ts';
import type { Quotes } from '../state/quotes-model.ts';
import type { LoadScanner } from '../state/scanner-port.ts';
import type { VenueModel } from '../state/venue-model.ts';
import { CallRulesFields } from './CallRulesFields.tsx';
import { GuestMessageFields } from './GuestMessageFields.tsx';
import { DefaultQuotesFields } from './DefaultQuotesFields.tsx';
import { HistoryImportSection } from './HistoryImportSection.tsx';
import { HistoryDownloadSection } from './HistoryDownloadSection.tsx';
import { KioskSection } from './KioskSection.tsx';
import { OnlineJoinsFields } from './OnlineJoinsFields.tsx';
import { PosterSection } from './PosterSection.tsx';
import { ProblemBanner } from './ProblemBanner.tsx';
import { ReportSection } from './ReportSection.tsx';
import { GuestDataSection } from './GuestDataSection.tsx';
import type { LoadGuestData } from '../state/erasure-model.ts';
import { SharedSettingsNotice } from './SharedSettingsNotice.tsx';
import { SecretField } from './SecretField.tsx';
import { TemplateFields } from './TemplateFields.tsx';
import { TransferSection } from './TransferSection.tsx';
import { lazy } from './lazy.tsx';
import { Field } from './Field.tsx';
import { t } from './strings.ts';
import { useForm } from './use-form.ts';

/** Settings → Venue server (pairing, the venue's Pushed account, its tablets): loaded when Settings open. */
const VenueSection = lazy(() => import('./VenueSection.tsx').then((m) => m.VenueSection));

type FormValues = Omit<
  SettingsInput,
  'contentLimit' | 'lateAfterMinutes' | 'gettingClosePosition' | 'defaultQuotes' | 'onlineJoins' | 'retention'
> & {
  contentLimit: string;
  lateAfterMinutes: string;
  gettingClosePosition: string;
  onlineEnabled: boolean;
} & Record<DefaultQuoteField | OnlineJoinsField, string>;
type SettingsField = SettingsProblem['field'];

/**
 * True when the Straight to Pushed fields still hold the demo's account on a tablet that is not in the
 * demo: there `/1` is the venue server's own API, not the sandbox, so those fields start empty.
 */
const demoDirectFields = (s: PublicSettings, inDemo: boolean) => !inDemo && s.appKey === SANDBOX_SETTINGS.appKey;

const toForm = (s: PublicSettings, inDemo: boolean): FormValues => ({
  venueName: s.venueName,
  route: s.route,
  relayUrl: s.relayUrl,
  deviceToken: '', // like the app secret: never comes back to the screen
  apiBaseUrl: demoDirectFields(s, inDemo) ? PUSHED_API_URL : s.apiBaseUrl,
  appKey: demoDirectFields(s, inDemo) ? '' : s.appKey,
  appSecret: '', // a saved secret never comes back to the screen
  channelAlias: s.channelAlias,
  subscriptionLink: s.subscriptionLink,
  template: s.template,
  contentLimit: String(s.contentLimit),
  lateAfterMinutes: String(s.lateAfterMinutes),
  autoNoShow: s.autoNoShow,
  onListMessage: s.onListMessage,
  onListTemplate: s.onListTemplate,
  gettingClosePosition: String(s.gettingClosePosition),
  gettingCloseTemplate: s.gettingCloseTemplate,
  ...quoteFields(s.defaultQuotes),
  onlineEnabled: s.onlineJoins.enabled,
  onlineMaxWaiting: String(s.onlineJoins.maxWaiting),
  onlineMaxSize: String(s.onlineJoins.maxSize),
  onlineHoursFrom: s.onlineJoins.hours?.from ?? '',
  onlineHoursTo: s.onlineJoins.hours?.to ?? '',
});

/** This tablet's time zone: the online check-in hours are saved in it. */
const tabletTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The form's settings as Save sends them: the usual quotes and the online check-in as the settings hold them. */
function toInput(values: FormValues): SettingsInput {
  const { onlineEnabled, onlineMaxWaiting, onlineMaxSize, onlineHoursFrom, onlineHoursTo, ...rest } = values;
  // As typed: validateSettings reads them with checkOnlineJoins' rules (numbers as text, hours empty for any time).
  const onlineJoins = {
    enabled: onlineEnabled,
    maxWaiting: onlineMaxWaiting,
    maxSize: onlineMaxSize,
    hours: { from: onlineHoursFrom, to: onlineHoursTo },
    timeZone: tabletTimeZone(),
  } as unknown as OnlineJoins;
  return { ...rest, defaultQuotes: DEFAULT_QUOTE_FIELDS.map((f) => values[f]), onlineJoins };
}

/** The usual quotes as the form's four fields. */
const quoteFields = (quotes: readonly number[]) =>
  Object.fromEntries(DEFAULT_QUOTE_FIELDS.map((f, i) => [f, String(quotes[i])])) as Record<DefaultQuoteField, string>; // one entry per field

/** The venue's Pushed setup. Saved secrets are never shown again: the field only replaces them. */
export function SettingsDialog({
  settings,
  kiosk,
  quotes,
  venue,
  loadScanner,
  pairCode,
  guestData,
  onClose,
}: {
  settings: SettingsModel;
  kiosk: KioskPort;
  /** Suggested quotes, whose history can be imported here. */
  quotes?: Quotes;
  /** The venue server: connecting this tablet, and the owner's tools once it is (no section without it). */
  venue?: VenueModel | undefined;
  /** The camera scanner, for scanning a pairing code. */
  loadScanner?: LoadScanner | undefined;
  /** A pairing code from the address the app was opened at: the connect step opens with it. */
  pairCode?: string | null | undefined;
  /** Where guests' details are erased (no Guests' data section without it). */
  guestData?: LoadGuestData | undefined;
  onClose(): void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [formKey, setFormKey] = useState(0); // a new key re-reads the form after an import
  useEffect(() => {
    dialog.current?.showModal();
    void settings.load();
  }, [settings]);
  const saved = settings.current.value;
  return (
    <dialog ref={dialog} class="sheet" aria-labelledby="settings-title" onClose={onClose}>
      <h2 id="settings-title" class="sheet-title">
        {t().settings}
      </h2>
      {!saved && (
        <ProblemBanner problem={settings.problem.value} onAct={() => void settings.load()} actLabel={t().tryAgain} />
      )}
      <SharedSettingsNotice settings={settings} />
      {saved && (
        <SettingsForm
          key={formKey}
          saved={saved}
          settings={settings}
          focusFirst={formKey === 0 && !pairCode && !venue?.revoked.value && !venue?.unpaired.value}
          unpaired={venue?.unpaired.value ?? false}
          onDone={() => dialog.current?.close()}
        />
      )}
      {saved && venue && (
        <VenueSection
          venue={venue}
          saved={saved}
          loadScanner={loadScanner}
          pairCode={pairCode}
          onSettingsChanged={() => void settings.load().then(() => setFormKey((k) => k + 1))}
        />
      )}
      {saved && venue && <ReportSection venue={venue} saved={saved} />}
      {saved && guestData && <GuestDataSection load={guestData} settings={settings} saved={saved} venue={venue} />}
      {saved && (
        <PosterSection saved={saved} unpaired={venue?.unpaired.value ?? false} checkIn={venue?.checkIn.value ?? null} />
      )}
      {saved && venue && <HistoryDownloadSection venue={venue} saved={saved} />}
      {quotes && <HistoryImportSection quotes={quotes} />}
      <TransferSection settings={settings} onImported={() => setFormKey((k) => k + 1)} />
      <KioskSection kiosk={kiosk} />
    </dialog>
  );
}

interface FormProps {
  saved: PublicSettings;
  settings: SettingsModel;
  /** Put the focus on the first field: on opening, not when an import re-reads the form. */
  focusFirst: boolean;
  /** Opened from a venue server that has not paired this tablet: no demo note, the pairing below is what to do. */
  unpaired: boolean;
  onDone(): void;
}

function SettingsForm({ saved, settings, focusFirst, unpaired, onDone }: FormProps) {
  const inDemo = saved.demo && !unpaired;
  const { values, setValues, errors, setErrors, set, control } = useForm<FormValues>(toForm(saved, inDemo), 'settings');
  // What the last Save refused, said at the top of the sheet; a field leaves it once corrected.
  const [refused, setRefused] = useState<SettingsField[]>([]);
  const [storageFailed, setStorageFailed] = useState(false);
  const [advanced, setAdvanced] = useState(false);
  const [focusNext, setFocusNext] = useState<string | null>(focusFirst ? 'settings-venueName' : null);
  useEffect(() => {
    if (!focusNext) return;
    // The first refused field, where the host fixes it; the summary if that field is not on screen.
    (document.getElementById(focusNext) ?? document.getElementById('settings-summary'))?.focus();
    document.getElementById(focusNext)?.scrollIntoView({ block: 'center' }); // centred: not hidden at the sheet's edge
    setFocusNext(null);
  }, [focusNext]);
  const stillRefused = refused.filter((field) => (errors as Partial<Record<SettingsField, string>>)[field]);
  const problem = settings.problem.value;
  const linkWarning =
    values.subscriptionLink.trim() !== '' && !looksLikePushedSubscriptionLink(values.subscriptionLink);

  async function submit(e: Event) {
    e.preventDefault();
    const outcome = await settings.save(toInput(values));
    if (outcome.ok) {
      set('appSecret')('');
      set('deviceToken')('');
      return onDone(); // the sheet closes: saved
    }
    // No refused field means storage failed (the model's problem): everything typed stays.
    setStorageFailed(outcome.fields.length === 0);
    setErrors(Object.fromEntries(outcome.fields.map((p) => [p.field, t().settingsMessage(p)])));
    setRefused([...new Set(outcome.fields.map((p) => p.field))]);
    setFocusNext(outcome.fields[0] ? `settings-${outcome.fields[0].field}` : 'settings-summary');
  }

  return (
    <form class="sheet-form" noValidate onSubmit={(e) => void submit(e)}>
      {inDemo && <p class="demo-note">{t().demo.inSettings}</p>}
      {(stillRefused.length > 0 || (storageFailed && problem)) && (
        <div id="settings-summary" class="problem" role="alert" tabIndex={-1}>
          <p>
            {storageFailed && problem
              ? t().problemMessage(problem)
              : t().settingsRefused(stillRefused.map((field) => t().fields[field]))}
          </p>
        </div>
      )}
      <Field id="settings-venueName" label={t().fields.venueName} error={errors.venueName}>
        <input type="text" autoComplete="off" {...control('venueName')} />
      </Field>
      <fieldset class="route-choice">
        <legend class="field-label">{t().fields.route}</legend>
        {(['relay', 'direct'] as const).map((route) => (
          <label key={route} class="radio">
            <input
              type="radio"
              name="route"
              value={route}
              checked={values.route === route}
              onChange={() => set('route')(route)}
            />
            {route === 'relay' ? t().fields.routeRelay : t().fields.routeDirect}
          </label>
        ))}
      </fieldset>
      {values.route === 'relay' ? (
        <>
          <p class="route-note">{t().fields.relayPairing}</p>
          {/* Typing a token is only an upgrade path: folded away, and open whenever Save refused what is in it. */}
          <details
            class="advanced"
            open={advanced || !!(errors.relayUrl || errors.deviceToken)}
            onToggle={(e) => setAdvanced(e.currentTarget.open)}
          >
            <summary>{t().fields.advanced}</summary>
            <div class="advanced-body">
              <p>{t().fields.advancedWhy}</p>
              <Field
                id="settings-relayUrl"
                label={t().fields.relayUrl}
                error={errors.relayUrl}
                hint={t().fields.relayUrlHint}
              >
                <input type="url" autoComplete="off" spellcheck={false} {...control('relayUrl', true)} />
              </Field>
              <SecretField
                id="settings-deviceToken"
                label={t().fields.deviceToken}
                error={errors.deviceToken}
                saved={saved.hasDeviceToken}
                missingHint={t().fields.deviceTokenMissing}
                savedHint={t().fields.deviceTokenSaved}
                control={control('deviceToken', true)}
              />
            </div>
          </details>
        </>
      ) : (
        <>
          <p class="problem-text">{t().fields.directWarning}</p>
          <Field
            id="settings-apiBaseUrl"
            label={t().fields.apiBaseUrl}
            error={errors.apiBaseUrl}
            hint={inDemo ? t().fields.apiBaseUrlDemoHint : t().fields.apiBaseUrlHint}
          >
            <input type="url" autoComplete="off" spellcheck={false} {...control('apiBaseUrl', true)} />
          </Field>
          <Field id="settings-appKey" label={t().fields.appKey} error={errors.appKey}>
            <input type="text" autoComplete="off" spellcheck={false} {...control('appKey')} />
          </Field>
          <SecretField
            id="settings-appSecret"
            label={t().fields.appSecret}
            error={errors.appSecret}
            saved={saved.hasAppSecret && !demoDirectFields(saved, inDemo)}
            missingHint={t().fields.appSecretMissing}
            savedHint={t().fields.appSecretSaved}
            control={control('appSecret', true)}
          />
        </>
      )}
      <Field id="settings-channelAlias" label={t().fields.channelAlias} error={errors.channelAlias}>
        <input type="text" autoComplete="off" spellcheck={false} {...control('channelAlias')} />
      </Field>
      <Field
        id="settings-subscriptionLink"
        label={t().fields.subscriptionLink}
        error={errors.subscriptionLink}
        hint={linkWarning ? t().fields.subscriptionLinkWarning : undefined}
      >
        <input type="url" autoComplete="off" spellcheck={false} {...control('subscriptionLink', linkWarning)} />
      </Field>
      <TemplateFields
        kind="table_ready"
        label={t().fields.template}
        template={values.template}
        venueName={values.venueName}
        limit={limitForTemplate(values.contentLimit)}
        limitInRange={limitForTemplate(values.contentLimit) === Number(values.contentLimit.trim())}
        error={errors.template}
        control={control('template', true)}
        onTemplate={set('template')}
      />
      <Field id="settings-contentLimit" label={t().fields.contentLimit} error={errors.contentLimit}>
        <input type="text" inputMode="numeric" {...control('contentLimit')} />
      </Field>
      <GuestMessageFields
        venueName={values.venueName}
        limit={limitForTemplate(values.contentLimit)}
        limitInRange={limitForTemplate(values.contentLimit) === Number(values.contentLimit.trim())}
        onListMessage={values.onListMessage}
        onListTemplate={values.onListTemplate}
        gettingClosePosition={values.gettingClosePosition}
        gettingCloseTemplate={values.gettingCloseTemplate}
        errors={errors}
        control={(field) => control(field, true)}
        onOnListMessage={(on) => setValues((v) => ({ ...v, onListMessage: on }))}
        onGettingClosePosition={set('gettingClosePosition')}
        onTemplate={(field, text) => set(field)(text)}
      />
      <CallRulesFields
        lateAfterMinutes={control('lateAfterMinutes', true)}
        error={errors.lateAfterMinutes}
        autoNoShow={values.autoNoShow}
        onAutoNoShow={(on) => setValues((v) => ({ ...v, autoNoShow: on }))}
      />
      <DefaultQuotesFields control={control} errors={errors} />
      <OnlineJoinsFields
        enabled={values.onlineEnabled}
        timeZone={tabletTimeZone()}
        control={control}
        errors={errors}
        onEnabled={(on) => setValues((v) => ({ ...v, onlineEnabled: on }))}
      />
      <div class="sheet-actions">
        <button type="button" class="button" onClick={onDone}>
          {t().cancel}
        </button>
        <button type="submit" class="button primary">
          {t().save}
        </button>
      </div>
    </form>
  );
}
