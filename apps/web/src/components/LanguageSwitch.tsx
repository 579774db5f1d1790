import { useI18n } from '../i18n/i18n';

/** Switches between Chinese and English; the label names the other language in that language. */
export function LanguageSwitch() {
  const { t, locale, setLocale } = useI18n();
  const other = locale === 'zh-CN' ? 'en' : 'zh-CN';
  return (
    <button type="button" className="button quiet small lang-switch" lang={other} onClick={() => setLocale(other)}>
      {t('lang.switch')}
    </button>
  );
}
