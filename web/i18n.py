"""English and French: the strings of the pages and the choice of a visitor's language.

The English text is the key (as with gettext), so a template reads naturally:
``{{ _("Funding calls") }}``. A test checks every string used in a template or route has
its French twin here. Labels of themes, types and countries come from the taxonomy.
"""

from __future__ import annotations

from collections.abc import Mapping

LANGUAGES = ("en", "fr")
DEFAULT_LANGUAGE = "en"

FR: dict[str, str] = {
    # base
    "Funding calls for Roma inclusion": "Appels à financement pour l'inclusion des Roms",
    "Skip to content": "Aller au contenu",
    "Calls": "Appels",
    "My account": "Mon compte",
    "Log in": "Se connecter",
    "Log out": "Se déconnecter",
    "Language": "Langue",
    "European Alliance of Cities and Regions for Roma Inclusion": (
        "Alliance européenne des villes et des régions pour l'inclusion des Roms"
    ),
    "Taskforce": "Task force",
    # calls list
    "Funding calls": "Appels à financement",
    "Filter": "Filtrer",
    "Search": "Rechercher",
    "Words in the title or description": "Mots du titre ou de la description",
    "Theme": "Thème",
    "Country": "Pays",
    "Applicant type": "Type de candidat",
    "Funder": "Bailleur",
    "Funding type": "Type de financement",
    "Deadline from": "Date limite à partir du",
    "Deadline until": "Date limite jusqu'au",
    "Call language": "Langue de l'appel",
    "Status": "Statut",
    "Any": "Tous",
    "open": "ouvert",
    "forthcoming": "à venir",
    "closed": "clos",
    "Open or forthcoming": "Ouvert ou à venir",
    "Apply filters": "Appliquer les filtres",
    "Clear": "Effacer",
    "No call matches these filters.": "Aucun appel ne correspond à ces filtres.",
    "calls": "appels",
    "call": "appel",
    "Deadline": "Date limite",
    "Deadlines": "Dates limites",
    "Rolling (no deadline)": "Permanent (sans date limite)",
    "Up to": "Jusqu'à",
    "Subscribe to this list": "S'abonner à cette liste",
    "Atom feed": "Flux Atom",
    "Calendar (iCal)": "Calendrier (iCal)",
    "Download CSV": "Télécharger en CSV",
    "Previous": "Précédent",
    "Next": "Suivant",
    "Page {page} of {pages}": "Page {page} sur {pages}",
    "{count} calls": "{count} appels",
    "1 call": "1 appel",
    "More than {count} calls": "Plus de {count} appels",
    "Page {page}": "Page {page}",
    "in {days} days": "dans {days} jours",
    "today": "aujourd'hui",
    "passed": "passée",
    # call page
    "Funder's page": "Page du bailleur",
    "Programme": "Programme",
    "Published": "Publié le",
    "Opens": "Ouverture",
    "Maximum amount": "Montant maximum",
    "Total budget": "Budget total",
    "Co-financing rate": "Taux de cofinancement",
    "Partnership required": "Partenariat exigé",
    "Cross-border": "Transfrontalier",
    "yes": "oui",
    "no": "non",
    "unknown": "inconnu",
    "Description": "Description",
    "Tags and why": "Étiquettes et justification",
    "Themes": "Thèmes",
    "Countries": "Pays",
    "Applicant types": "Types de candidats",
    "Why": "Pourquoi",
    "set by the source": "fourni par la source",
    "found by the classifier": "trouvé par le classifieur",
    "corrected by the Taskforce": "corrigé par la task force",
    "from the source's field {name}": "du champ {name} de la source",
    "Sources": "Sources",
    "Change history": "Historique des modifications",
    "No change recorded.": "Aucune modification enregistrée.",
    "Field": "Champ",
    "Before": "Avant",
    "After": "Après",
    "Date": "Date",
    "Partnership offers for this call": "Offres de partenariat pour cet appel",
    "No open offer names this call yet.": "Aucune offre ouverte ne mentionne encore cet appel.",
    "seeking-partners": "cherche des partenaires",
    "offering-to-join": "propose de rejoindre",
    "until {date}": "jusqu'au {date}",
    "Bookmark this call": "Suivre cet appel",
    "Remove bookmark": "Ne plus suivre",
    "Bookmarked: you will get the closing-soon reminders.": (
        "Suivi : vous recevrez les rappels avant la date limite."
    ),
    "Log in to bookmark this call.": "Connectez-vous pour suivre cet appel.",
    "Language of the call": "Langue de l'appel",
    # login
    "Log in by email": "Connexion par courriel",
    "Email address": "Adresse électronique",
    "Send me a login link": "M'envoyer un lien de connexion",
    "We send a link that logs you in; it works once, for 15 minutes.": (
        "Nous envoyons un lien de connexion, valable une fois pendant 15 minutes."
    ),
    "Check your inbox": "Consultez votre messagerie",
    "If this address belongs to a member or to the Taskforce, a login link is on its way. "
    "It works once, for 15 minutes.": (
        "Si cette adresse appartient à un membre ou à la task force, un lien de connexion "
        "vient d'être envoyé. Il est valable une fois, pendant 15 minutes."
    ),
    "Too many login attempts": "Trop de tentatives de connexion",
    "Please wait a few minutes before asking for another link.": (
        "Veuillez patienter quelques minutes avant de demander un autre lien."
    ),
    "Please enter a valid email address.": "Veuillez saisir une adresse électronique valide.",
    "Confirm login": "Confirmer la connexion",
    "Press the button to log in.": "Appuyez sur le bouton pour vous connecter.",
    "This login link has expired or was already used.": (
        "Ce lien de connexion a expiré ou a déjà servi."
    ),
    "Ask for a new link": "Demander un nouveau lien",
    "Your login link for fundwatch": "Votre lien de connexion à fundwatch",
    "Hello,": "Bonjour,",
    "open this link to log in to fundwatch (it works once, for 15 minutes):": (
        "ouvrez ce lien pour vous connecter à fundwatch (valable une fois, pendant 15 minutes) :"
    ),
    "If you did not ask for it, ignore this message.": (
        "Si vous ne l'avez pas demandé, ignorez ce message."
    ),
    # account
    "Profile of {name}": "Profil de {name}",
    "Profile": "Profil",
    "Population": "Population",
    "About your city or region": "À propos de votre ville ou région",
    "Keywords": "Mots-clés",
    "Separate with commas.": "Séparez-les par des virgules.",
    "Working languages": "Langues de travail",
    "Two-letter codes, separated by commas (en, fr, ro).": (
        "Codes à deux lettres séparés par des virgules (en, fr, ro)."
    ),
    "Save profile": "Enregistrer le profil",
    "Digest preferences": "Préférences du résumé",
    "Frequency": "Fréquence",
    "daily": "quotidien",
    "weekly": "hebdomadaire",
    "monthly": "mensuel",
    "Language of the digest": "Langue du résumé",
    "Save preferences": "Enregistrer les préférences",
    "Saved.": "Enregistré.",
    "Please correct the fields below.": "Veuillez corriger les champs ci-dessous.",
    "Bookmarked calls": "Appels suivis",
    "No bookmarked call.": "Aucun appel suivi.",
    # account: preview of the next digest
    "Your next digest": "Votre prochain résumé",
    "Preview your next digest": "Voir votre prochain résumé",
    "the calls and offers it would bring you, its period and when it is due.": (
        "les appels et les offres qu'il vous apporterait, sa période et sa date d'envoi."
    ),
    "Period": "Période",
    "Due": "Envoi prévu",
    "Subject": "Objet",
    "What it would hold if it were built now; new calls arriving before then are added. "
    "Change its frequency and language on your account page.": (
        "Ce qu'il contiendrait s'il était préparé maintenant ; les appels qui arrivent d'ici "
        "là s'y ajoutent. Changez sa fréquence et sa langue sur la page de votre compte."
    ),
    "Nothing new for you so far: no call or partnership offer fits your profile that you "
    "have not already received. No digest is sent when there is nothing new.": (
        "Rien de nouveau pour vous pour l'instant : aucun appel ni offre de partenariat "
        "correspondant à votre profil que vous n'ayez déjà reçu. Aucun résumé n'est envoyé "
        "quand il n'y a rien de nouveau."
    ),
    "You receive no digest at the moment: your address is unsubscribed, not confirmed "
    "yet, or mail to it bounces.": (
        "Vous ne recevez aucun résumé pour l'instant : votre adresse est désabonnée, pas "
        "encore confirmée, ou les messages qui lui sont envoyés reviennent en erreur."
    ),
    "You are logged in as {email}.": "Vous êtes connecté en tant que {email}.",
    "You are a member of the Taskforce.": "Vous êtes membre de la task force.",
    "This address has no member profile.": "Cette adresse n'a pas de profil de membre.",
    "You are unsubscribed from digests.": "Vous êtes désabonné des résumés.",
    "Subscribe again": "Se réabonner",
    "unknown country": "pays inconnu",
    "unknown applicant type": "type de candidat inconnu",
    "not a whole number": "pas un nombre entier",
    "unknown language code {code}": "code de langue inconnu {code}",
    "unknown theme": "thème inconnu",
    "too long": "trop long",
    "Receive the digests": "Recevoir les résumés",
    "Log in to edit your profile": "Connectez-vous pour modifier votre profil",
    # unsubscribe
    "Unsubscribe": "Se désabonner",
    "Stop receiving the fundwatch digests at {email}?": (
        "Ne plus recevoir les résumés fundwatch à l'adresse {email} ?"
    ),
    "Unsubscribe from the digests": "Se désabonner des résumés",
    "You are unsubscribed": "Vous êtes désabonné",
    "{email} will receive no more digests.": "{email} ne recevra plus de résumés.",
    "This unsubscribe link is not valid.": "Ce lien de désabonnement n'est pas valide.",
    # Taskforce: sources
    "Watched sources": "Sources surveillées",
    "Add a source": "Ajouter une source",
    "Source": "Source",
    "State": "État",
    "Last success": "Dernier succès",
    "Last error": "Dernière erreur",
    "Calls found per run": "Appels trouvés par passage",
    "{count} failures in a row": "{count} échecs consécutifs",
    "never": "jamais",
    "Disable": "Désactiver",
    "Enable": "Activer",
    "disabled": "désactivée",
    "new": "nouvelle",
    "ok": "ok",
    "failing": "en échec",
    "empty": "vide",
    "stale": "en retard",
    "No source yet.": "Aucune source pour l'instant.",
    "Edit the source {key}": "Modifier la source {key}",
    "Key (a slug, fixed for life)": "Clé (identifiant court, définitif)",
    "Name": "Nom",
    "Kind": "Type",
    "Schedule": "Fréquence",
    "every 6h, every 1d, or a cron string": "every 6h, every 1d ou une expression cron",
    "Default themes": "Thèmes par défaut",
    "Enabled": "Activée",
    "Settings (YAML, per kind)": "Réglages (YAML, selon le type)",
    "Delay between requests (seconds)": "Délai entre les requêtes (secondes)",
    "Concurrent requests": "Requêtes simultanées",
    "Save the source": "Enregistrer la source",
    "Back to the sources": "Retour aux sources",
    # partnership offers
    "Offers": "Offres",
    "Partnership offers": "Offres de partenariat",
    "Post an offer": "Publier une offre",
    "Post an offer for this call": "Publier une offre pour cet appel",
    "All open offers": "Toutes les offres ouvertes",
    "All open offers of other members": "Toutes les offres ouvertes des autres membres",
    "Offers that fit {name}": "Offres qui correspondent à {name}",
    "Only the offers that fit {name}": "Seulement les offres qui correspondent à {name}",
    "Does not fit you:": "Ne vous correspond pas :",
    "No open offer yet.": "Aucune offre ouverte pour l'instant.",
    "No open offer fits your profile for now.": (
        "Aucune offre ouverte ne correspond à votre profil pour l'instant."
    ),
    "Your offers": "Vos offres",
    "Offer": "Offre",
    "Open until": "Ouverte jusqu'au",
    "Interest received": "Intérêt reçu",
    "You have posted no offer.": "Vous n'avez publié aucune offre.",
    "Your interest in other offers": "Votre intérêt pour d'autres offres",
    "You have expressed no interest yet.": "Vous n'avez encore manifesté aucun intérêt.",
    "Call": "Appel",
    "Edit the offer": "Modifier l'offre",
    "What do you offer?": "Que proposez-vous ?",
    "Title": "Titre",
    "none": "aucun",
    "The call and the expiry are changed by closing the offer or extending it.": (
        "Pour changer d'appel ou d'échéance, clôturez l'offre ou prolongez-la."
    ),
    "Related call (its id, optional)": "Appel concerné (son identifiant, facultatif)",
    "Defaults to the call's deadline.": "Par défaut, la date limite de l'appel.",
    "Countries sought": "Pays recherchés",
    "Any country": "Tous les pays",
    "Groups of countries": "Groupes de pays",
    "Roles": "Rôles",
    "Applicant types sought (none: any)": "Types de candidats recherchés (aucun : tous)",
    "Share my contact details with members who are interested and agree to share theirs": (
        "Partager mes coordonnées avec les membres intéressés qui acceptent de partager les leurs"
    ),
    "Save the offer": "Enregistrer l'offre",
    "Post the offer": "Publier l'offre",
    "Back to the offers": "Retour aux offres",
    "Your contact details": "Vos coordonnées",
    "shared with interested members who agree to share theirs": (
        "partagées avec les membres intéressés qui acceptent de partager les leurs"
    ),
    "not shared: you answer through fundwatch": "non partagées : vous répondez via fundwatch",
    "Manage your offer": "Gérer votre offre",
    "Close the offer": "Clôturer l'offre",
    "Mark as filled (partners found)": "Marquer comme pourvue (partenaires trouvés)",
    "Extend until": "Prolonger jusqu'au",
    "Extend": "Prolonger",
    "You both agreed to share contact details:": (
        "Vous avez tous deux accepté de partager vos coordonnées :"
    ),
    "No contact details are shared: both sides must agree.": (
        "Aucune coordonnée n'est partagée : les deux parties doivent l'accepter."
    ),
    "Save": "Enregistrer",
    "No interest yet.": "Aucun intérêt pour l'instant.",
    "Does it fit you?": "Vous correspond-elle ?",
    "Yes: ": "Oui : ",
    "Not quite: ": "Pas tout à fait : ",
    "Your interest": "Votre intérêt",
    "You expressed interest on {date}; its state: {state}.": (
        "Vous avez manifesté votre intérêt le {date} ; état : {state}."
    ),
    "Your message to the poster": "Votre message à l'auteur de l'offre",
    "Share my contact details with the poster if it agrees to share its own": (
        "Partager mes coordonnées avec l'auteur de l'offre s'il accepte de partager les siennes"
    ),
    "Express interest": "Manifester mon intérêt",
    "Your interest could not be recorded:": "Votre intérêt n'a pas pu être enregistré :",
    "Give a date (YYYY-MM-DD).": "Indiquez une date (AAAA-MM-JJ).",
    "expired": "expirée",
    "Choose what you offer.": "Choisissez ce que vous proposez.",
    "Give a title (at most 500 characters).": "Donnez un titre (500 caractères au plus).",
    "No open call has this id.": "Aucun appel ouvert n'a cet identifiant.",
    "Choose at least one theme.": "Choisissez au moins un thème.",
    "Choose countries or groups, or any country alone.": (
        "Choisissez des pays ou des groupes, ou bien « tous les pays » seul."
    ),
    "Choose among lead, partner and associated.": (
        "Choisissez parmi chef de file, partenaire et associé."
    ),
    "Two-letter language codes, separated by commas.": (
        "Codes de langue à deux lettres, séparés par des virgules."
    ),
    "Give a date from today on, or name a call with a deadline.": (
        "Indiquez une date à partir d'aujourd'hui, ou un appel qui a une date limite."
    ),
    "offer-open": "ouverte",
    "offer-closed": "clôturée",
    "offer-filled": "pourvue",
    "interest-new": "nouveau",
    "interest-contacted": "contacté",
    "interest-accepted": "accepté",
    "interest-declined": "décliné",
    "role-lead": "chef de file",
    "role-partner": "partenaire",
    "role-associated": "associé",
    "kind-long-seeking-partners": "Nous cherchons des partenaires pour notre projet",
    "kind-long-offering-to-join": "Nous proposons de rejoindre le projet d'autres membres",
    # your calendar and your data
    "Your calendar and your data": "Votre calendrier et vos données",
    "Calendar of your calls": "Calendrier de vos appels",
    "A private calendar (iCal) of your bookmarked calls and the calls that match your "
    "profile: add its address to your calendar app.": (
        "Un calendrier privé (iCal) de vos appels suivis et des appels qui correspondent à "
        "votre profil : ajoutez son adresse à votre agenda."
    ),
    "Address of your calendar": "Adresse de votre calendrier",
    "Keep this address to yourself: anyone who has it can read the calendar.": (
        "Gardez cette adresse pour vous : quiconque la connaît peut lire le calendrier."
    ),
    "Replace the calendar address (the old one stops working)": (
        "Remplacer l'adresse du calendrier (l'ancienne cessera de fonctionner)"
    ),
    "Create my calendar address": "Créer l'adresse de mon calendrier",
    "Your data": "Vos données",
    "Download all your data (JSON)": "Télécharger toutes vos données (JSON)",
    "Erase your contact": "Effacer votre contact",
    "Erase my contact": "Effacer mon contact",
    "This deletes your contact {email}: your digests, bookmarks, calendar address and login "
    "sessions. The address will never be mailed again and cannot be signed up again.": (
        "Cela supprime votre contact {email} : vos résumés, vos appels suivis, l'adresse de "
        "votre calendrier et vos sessions. Nous n'écrirons plus jamais à cette adresse, et "
        "elle ne pourra plus être inscrite."
    ),
    "Your organisation's profile and its partnership offers stay with the Alliance; ask the "
    "Taskforce to remove them.": (
        "Le profil de votre organisation et ses offres de partenariat restent à l'Alliance ; "
        "demandez à la task force de les retirer."
    ),
    "Tick the box to confirm.": "Cochez la case pour confirmer.",
    "Yes, erase my contact for good": "Oui, effacer définitivement mon contact",
    "Back to my account": "Retour à mon compte",
    "Your contact is erased": "Votre contact est effacé",
    "We will not write to this address again.": "Nous n'écrirons plus à cette adresse.",
    # sign-up
    "Sign up": "S'inscrire",
    "Sign up for the digests": "S'inscrire aux résumés",
    "Members of the Alliance receive, by email, the funding calls that fit their city or "
    "region. We send a link to confirm your address first.": (
        "Les membres de l'Alliance reçoivent par courriel les appels à financement qui "
        "correspondent à leur ville ou région. Nous envoyons d'abord un lien pour confirmer "
        "votre adresse."
    ),
    "Name of your organisation": "Nom de votre organisation",
    "I agree to receive the fundwatch digests at this address; I can unsubscribe or erase "
    "my contact at any time.": (
        "J'accepte de recevoir les résumés fundwatch à cette adresse ; je peux me désabonner "
        "ou effacer mon contact à tout moment."
    ),
    "Already a member?": "Déjà membre ?",
    "Not a member yet?": "Pas encore membre ?",
    "We sent a message to this address: open its link to confirm it (the link works for "
    "48 hours). If the address already belongs to a member, the message holds a login link "
    "instead.": (
        "Nous avons envoyé un message à cette adresse : ouvrez son lien pour la confirmer "
        "(valable 48 heures). Si l'adresse appartient déjà à un membre, le message contient "
        "plutôt un lien de connexion."
    ),
    "Confirm your address": "Confirmez votre adresse",
    "Press the button to confirm your address and start receiving the digests.": (
        "Appuyez sur le bouton pour confirmer votre adresse et recevoir les résumés."
    ),
    "Confirm my address": "Confirmer mon adresse",
    "This confirmation link has expired or was already used.": (
        "Ce lien de confirmation a expiré ou a déjà servi."
    ),
    "Sign up again": "S'inscrire à nouveau",
    "Your address is confirmed: welcome to fundwatch.": (
        "Votre adresse est confirmée : bienvenue sur fundwatch."
    ),
    "Confirm your address for fundwatch": "Confirmez votre adresse pour fundwatch",
    "open this link to confirm your address and start receiving the digests (it works once, "
    "for 48 hours):": (
        "ouvrez ce lien pour confirmer votre adresse et recevoir les résumés (valable une "
        "fois, pendant 48 heures) :"
    ),
    "If you did not sign up, ignore this message: nothing will be sent.": (
        "Si vous ne vous êtes pas inscrit, ignorez ce message : rien ne vous sera envoyé."
    ),
    "Give the name of your organisation.": "Indiquez le nom de votre organisation.",
    "Tick the box to agree.": "Cochez la case pour donner votre accord.",
    "frequency": "fréquence",
    "language": "langue",
    # Taskforce: navigation, calls
    "Participants": "Participants",
    "Statistics": "Statistiques",
    "Partnership tracking": "Suivi des partenariats",
    "Title or id": "Titre ou identifiant",
    "Hidden calls only": "Appels masqués seulement",
    "hidden": "masqué",
    "Public page": "Page publique",
    "Correct the tags": "Corriger les étiquettes",
    "Each change is kept as training data for the classifier, and no re-classification "
    "will overwrite it.": (
        "Chaque correction est conservée pour entraîner le classifieur, et aucune "
        "reclassification ne l'écrasera."
    ),
    "ISO codes or country groups ({groups}), separated by commas.": (
        "Codes ISO ou groupes de pays ({groups}), séparés par des virgules."
    ),
    "Dates as YYYY-MM-DD, separated by commas (none: rolling).": (
        "Dates au format AAAA-MM-JJ, séparées par des virgules (aucune : permanent)."
    ),
    "Maximum amount (EUR)": "Montant maximum (EUR)",
    "Save the corrections": "Enregistrer les corrections",
    "Visibility": "Visibilité",
    "Show the call again": "Afficher à nouveau l'appel",
    "Hide the call": "Masquer l'appel",
    "Merge a duplicate into this call": "Fusionner un doublon dans cet appel",
    "The duplicate's sources, aliases, history, offers and bookmarks move to this call; its "
    "id becomes an alias of this call, and it is deleted.": (
        "Les sources, alias, historique, offres et suivis du doublon passent à cet appel ; "
        "son identifiant devient un alias de cet appel, puis le doublon est supprimé."
    ),
    "Id of the duplicate": "Identifiant du doublon",
    "Merge into this call": "Fusionner dans cet appel",
    "No call has the id {id}.": "Aucun appel n'a l'identifiant {id}.",
    "A call cannot be merged into itself.": "Un appel ne peut pas être fusionné avec lui-même.",
    "unknown funding type": "type de financement inconnu",
    "not a number": "pas un nombre",
    "yes, no or unknown": "oui, non ou inconnu",
    # Taskforce: participants
    "Participants and contacts": "Participants et contacts",
    "Import a file": "Importer un fichier",
    "Name, id or address": "Nom, identifiant ou adresse",
    "Only those with bouncing addresses": "Seulement ceux dont l'adresse rebondit",
    "Participant": "Participant",
    "Contacts": "Contacts",
    "confirmed": "confirmé",
    "not confirmed": "non confirmé",
    "unsubscribed": "désabonné",
    "no contact": "aucun contact",
    "No participant matches.": "Aucun participant ne correspond.",
    "consent given on {date}": "consentement donné le {date}",
    "Bounces": "Rebonds",
    "bounce-ok": "aucun rebond",
    "bounce-soft": "rebonds temporaires",
    "bounce-hard": "adresse invalide",
    "Reset the bounces (the address works again)": (
        "Remettre les rebonds à zéro (l'adresse fonctionne à nouveau)"
    ),
    "Back to the participants": "Retour aux participants",
    "Import participants": "Importer des participants",
    "A CSV file (a header row with the field names; lists separated by ;) or a JSONL file, "
    "in the format of `fundwatch participants import`. Imported contacts are confirmed.": (
        "Un fichier CSV (une ligne d'en-tête avec les noms des champs ; listes séparées par ;) "
        "ou JSONL, au format de `fundwatch participants import`. Les contacts importés sont "
        "confirmés."
    ),
    "Result for {name}": "Résultat pour {name}",
    "{new} new, {updated} updated, {unchanged} unchanged, {errors} lines refused.": (
        "{new} nouveaux, {updated} mis à jour, {unchanged} inchangés, {errors} lignes refusées."
    ),
    "Line": "Ligne",
    "Reason": "Motif",
    "File": "Fichier",
    "Import": "Importer",
    "The file is empty.": "Le fichier est vide.",
    "The file is larger than 5 MB.": "Le fichier dépasse 5 Mo.",
    # Taskforce: statistics and tracking
    "New calls by theme and month": "Nouveaux appels par thème et par mois",
    "Total": "Total",
    "Open calls by deadline": "Appels ouverts par date limite",
    "Weeks from today until the next deadline.": ("Semaines d'ici à la prochaine date limite."),
    "{start}–{end} weeks": "{start}–{end} semaines",
    "later": "plus tard",
    "rolling": "permanent",
    "Matches per participant": "Appels correspondants par participant",
    "{count} of {total} participants get no matching call.": (
        "{count} participants sur {total} ne reçoivent aucun appel correspondant."
    ),
    "Matching calls": "Appels correspondants",
    "Computed at {time}.": "Calculé le {time}.",
    "Receives digests": "Reçoit les résumés",
    "Coverage by country": "Couverture par pays",
    "Current calls open to each member country (calls that do not say where are counted "
    "for every country); members in the country in brackets.": (
        "Appels en cours ouverts à chaque pays membre (les appels qui ne précisent pas où "
        "comptent pour tous les pays) ; entre parenthèses, les membres du pays."
    ),
    "Calls by language": "Appels par langue",
    "Mail sent and failed": "Courriels envoyés et en échec",
    "Messages": "Messages",
    "No mail yet.": "Aucun courriel pour l'instant.",
    "Sources failing": "Sources en échec",
    "Every source is healthy.": "Toutes les sources fonctionnent.",
    "Per call": "Par appel",
    "Per theme": "Par thème",
    "still open": "encore ouvertes",
    "filled": "pourvues",
    "Interests": "Intérêts",
    "Introductions": "Mises en relation",
    "Offers without interest": "Offres sans intérêt",
    "No offer yet.": "Aucune offre pour l'instant.",
    # Taskforce: test before saving
    "Test before saving": "Tester avant d'enregistrer",
    "Test of the source (nothing was saved)": "Test de la source (rien n'a été enregistré)",
    "{count} calls would be stored.": "{count} appels seraient enregistrés.",
    "The first {count} are shown.": "Les {count} premiers sont affichés.",
    "The source could not be read:": "La source n'a pas pu être lue :",
    "Crawl log": "Journal de la collecte",
    "No call was extracted: check the selectors or field paths.": (
        "Aucun appel n'a été extrait : vérifiez les sélecteurs ou les chemins des champs."
    ),
    "The classifier is not installed: the tags are the source's default themes.": (
        "Le classifieur n'est pas installé : les étiquettes sont les thèmes par défaut de "
        "la source."
    ),
    "Would reach {count} participants": "Toucherait {count} participants",
    # errors
    "Page not found": "Page introuvable",
    "Forbidden": "Interdit",
    "This form has expired or did not come from this site. Go back, reload the page and "
    "try again.": (
        "Ce formulaire a expiré ou ne provient pas de ce site. Revenez en arrière, rechargez la "
        "page et réessayez."
    ),
    "Something went wrong": "Une erreur s'est produite",
    "Bad request": "Requête invalide",
    "Back to the calls": "Retour aux appels",
}

# English texts for the few ids shown as words (offer kinds come from the model as ids).
EN: dict[str, str] = {
    "seeking-partners": "seeking partners",
    "offering-to-join": "offering to join",
    "offer-open": "open",
    "offer-closed": "closed",
    "offer-filled": "filled",
    "interest-new": "new",
    "interest-contacted": "contacted",
    "interest-accepted": "accepted",
    "interest-declined": "declined",
    "role-lead": "lead",
    "role-partner": "partner",
    "role-associated": "associated",
    "kind-long-seeking-partners": "We seek partners for our own project",
    "kind-long-offering-to-join": "We offer to join other members' projects",
    "bounce-ok": "no bounce",
    "bounce-soft": "soft bounces",
    "bounce-hard": "address invalid",
}
# Ids shown through a prefixed key (`_("offer-" ~ status)`): each needs both languages.
PREFIXED_IDS = {
    "offer-": ("open", "closed", "filled"),
    "interest-": ("new", "contacted", "accepted", "declined"),
    "role-": ("lead", "partner", "associated"),
    "kind-long-": ("seeking-partners", "offering-to-join"),
    "bounce-": ("ok", "soft", "hard"),
}

CATALOGUES: Mapping[str, Mapping[str, str]] = {"en": EN, "fr": FR}


def translate(text: str, language: str, **values: object) -> str:
    """`text` in `language` (English when no translation), with {placeholders} filled."""
    translated = CATALOGUES.get(language, {}).get(text, text)
    return translated.format(**values) if values else translated


def parse_accept_language(header: str | None) -> str | None:
    """The supported language the browser prefers most, from an Accept-Language header."""
    if not header:
        return None
    best: tuple[float, int, str] | None = None
    for position, part in enumerate(header.split(",")[:20]):  # bounded: headers can be long
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-", 1)[0]
        if primary not in LANGUAGES:
            continue
        quality = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                quality = float(params[2:])
            except ValueError:
                quality = 0.0
        if quality <= 0:
            continue
        key = (-quality, position, primary)
        if best is None or key < best:
            best = key
    return best[2] if best else None


def choose_language(
    *,
    query: str | None,
    cookie: str | None,
    contact: str | None,
    accept_language: str | None,
) -> str:
    """?lang=, else the language cookie, else the contact's language, else the browser's."""
    for candidate in (query, cookie, contact):
        if candidate in LANGUAGES:
            return candidate
    return parse_accept_language(accept_language) or DEFAULT_LANGUAGE
