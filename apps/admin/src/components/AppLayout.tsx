/**
 * The back office's frame: a skip link, the top bar (business name, who is signed in, language,
 * sign-out), the main navigation, and the page in `<main>`. The interface follows the business's
 * locale unless the user picked a language. On navigation, focus moves to the new page so that
 * keyboard and screen-reader users start there.
 */
import { useEffect, useId, useRef, useState } from "react"
import { useTranslation } from "react-i18next"
import { Link, NavLink, Outlet, useLocation, useNavigate, useNavigation } from "react-router"
import { followBusinessLocale } from "../i18n"
import { sectionsFor } from "../navigation"
import { useBusiness, useSignedIn, useSignOut } from "../session"
import { LanguageSwitch } from "./LanguageSwitch"

export const AppLayout = () => {
  const { t } = useTranslation()
  const { user } = useSignedIn()
  const business = useBusiness()
  const signOut = useSignOut()
  const navigate = useNavigate()
  const location = useLocation()
  const navigation = useNavigation()
  const [menuOpen, setMenuOpen] = useState(false)
  const navId = useId()
  const main = useRef<HTMLElement>(null)
  const menuButton = useRef<HTMLButtonElement>(null)
  const firstRender = useRef(true)

  useEffect(() => followBusinessLocale(business.locale), [business.locale])

  // A new page: close the folded menu and put focus at the start of the page.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on each change of page
  useEffect(() => {
    setMenuOpen(false)
    if (firstRender.current) {
      firstRender.current = false
      return
    }
    main.current?.focus()
  }, [location.pathname])

  // The folded menu closes with Escape, giving focus back to its button.
  useEffect(() => {
    if (!menuOpen) return
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return
      setMenuOpen(false)
      menuButton.current?.focus()
    }
    document.addEventListener("keydown", onKey)
    return () => document.removeEventListener("keydown", onKey)
  }, [menuOpen])

  return (
    <div className="app-shell">
      <a className="skip-link" href="#main">
        {t("app.skipToContent")}
      </a>
      {navigation.state === "loading" && <div className="route-progress" aria-hidden="true" />}
      <header className="topbar">
        <button
          type="button"
          className="button button-small menu-button"
          aria-expanded={menuOpen}
          aria-controls={navId}
          ref={menuButton}
          onClick={() => setMenuOpen((open) => !open)}
        >
          {t("app.menu")}
        </button>
        <div className="topbar-brand">
          <Link to="/calendar" className="topbar-product">
            {t("app.name")}
          </Link>
          <span className="topbar-business">{business.name}</span>
        </div>
        <div className="topbar-actions">
          <span className="topbar-user">
            {user.name} · {t(`roles.${user.role}`)}
          </span>
          <LanguageSwitch />
          <button
            type="button"
            className="button button-small"
            disabled={signOut.isPending}
            onClick={() =>
              signOut.mutate(undefined, { onSettled: () => navigate("/sign-in", { replace: true }) })
            }
          >
            {t("app.signOut")}
          </button>
        </div>
      </header>
      <nav className="sidenav" id={navId} aria-label={t("app.mainNavigation")} data-open={menuOpen}>
        <ul>
          {sectionsFor(user.role).map((section) => (
            <li key={section.path}>
              <NavLink to={section.path}>{t(section.label)}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main className="app-main" id="main" ref={main} tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  )
}
