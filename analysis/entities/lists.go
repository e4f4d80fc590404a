package entities

// The sets below are closed-class English vocabulary that the name chunker
// needs as part of its algorithm (like the abbreviations in analysis/text),
// not lexicons to tune: articles and pronouns, honorifics, calendar names.
// Keys are folded as text.Token.Norm folds a word (lower case, straight
// apostrophes, no possessive).

// functionWords are words that are capitalised only because they start a
// sentence or a quotation; a name chunk never starts with one ("The Trump
// administration" → "Trump") and a capitalised one on its own is no name.
var functionWords = set(
	// articles, demonstratives, quantifiers
	"a", "an", "the", "this", "that", "these", "those", "some", "any", "all",
	"each", "every", "no", "both", "either", "neither", "many", "much", "more",
	"most", "few", "several", "other", "another", "such", "one",
	// pronouns and possessives
	"i", "me", "my", "we", "us", "our", "you", "your", "he", "him", "his", "she",
	"her", "it", "its", "they", "them", "their", "who", "whom", "whose", "which",
	"what", "whatever", "whoever", "there", "here",
	// conjunctions and prepositions
	"and", "but", "or", "nor", "so", "yet", "for", "if", "as", "because",
	"since", "while", "when", "whenever", "where", "after", "before", "until",
	"although", "though", "unless", "whether", "than", "then", "in", "on",
	"at", "by", "of", "to", "from", "with", "without", "about", "above",
	"below", "into", "onto", "over", "under", "among", "amid", "between",
	"during", "through", "throughout", "against", "despite", "like", "unlike",
	"per", "via", "within", "toward", "towards", "upon", "across", "behind",
	"beyond", "near", "off", "out", "up", "down", "around", "along",
	// auxiliaries and very common verbs
	"is", "are", "was", "were", "be", "been", "being", "am", "do", "does",
	"did", "done", "have", "has", "had", "having", "will", "would", "shall",
	"should", "can", "could", "might", "must", // not "may": "Theresa May" "let", "let's",
	// sentence adverbs and interjections
	"not", "also", "still", "even", "just", "only", "now", "today", "yesterday",
	"tomorrow", "however", "meanwhile", "instead", "indeed", "perhaps",
	"maybe", "yes", "well", "oh", "again", "already", "always", "never",
	"often", "sometimes", "thus", "therefore", "moreover", "furthermore",
	"nevertheless", "nonetheless", "otherwise", "finally", "first", "second",
	"third", "last", "next", "later", "earlier", "once", "why", "how",
	"it's", "that's", "there's", "here's", "what's", "who's", "he's", "she's",
	"i'm", "we're", "they're", "you're", "i've", "we've", "they've", "don't",
	"doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't", "won't",
	"can't", "couldn't", "wouldn't", "shouldn't", "i'd", "we'd", "they'd",
	"he'd", "she'd", "i'll", "we'll", "they'll", "he'll", "she'll",
)

// leadingModifiers are words written before a name or a title that are
// not part of it ("Former England captain", "the late Senator Kennedy");
// a chunk never starts with one.
var leadingModifiers = set("former", "ex", "late", "acting", "outgoing", "incoming")

// clauseWords are pronouns and auxiliaries: a name never contains one, so
// inside a run of capitals one marks title case ("Do They Know It's
// Christmas"); contractions ("It's", "Don't") count too.
var clauseWords = set(
	"i", "me", "we", "us", "you", "he", "him", "she", "her", "it", "they",
	"them", "is", "are", "was", "were", "be", "been", "am", "do", "does", "did",
	"have", "has", "had", "will", "would", "shall", "should", "can", "could",
	"might", "must", // not "may": "Theresa May"
)

// commonAcronyms are all-capital abbreviations of common nouns: on their
// own they name no one ("TV", "CEO").
var commonAcronyms = set("tv", "ceo", "cfo", "coo", "pc", "cd", "dvd", "gdp",
	"ok", "am", "pm", "faq", "diy", "sms", "mp3", "hd")

// titles are honorifics, offices and ranks written before a personal name;
// they are stripped from the name ("President Donald Trump" → "Donald
// Trump") and are evidence that the name is a person's.
var titles = set(
	"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "rev",
	"reverend", "sir", "dame", "lord",
	"president", "vice", "sen", "senator", "rep", "representative", "gov",
	"governor", "lt", "lieutenant", "secretary", "speaker", "mayor", "judge",
	"justice", "chairman", "chairwoman", "chairperson", "chair", "leader",
	"whip", "spokesman", "spokeswoman", "spokesperson", "congressman",
	"congresswoman", "councilman", "councilwoman", "assemblyman",
	"assemblywoman", "delegate", "ambassador", "minister", "premier",
	"chancellor", "pope", "cardinal",
	"bishop", "archbishop", "rabbi", "imam", "sheriff", "commissioner",
	"director", "chief", "gen", "col", "colonel", "sgt", "sergeant", "capt",
	"captain", "adm", "admiral", "cmdr", "commander", "maj", "detective",
	"officer", "trooper", "coach", "superintendent",
	"treasurer", "comptroller", "candidate", "nominee",
	"pastor", "attorney", "prosecutor", "coroner", "editor", "publisher",
	"columnist", "correspondent", "reporter", "analyst", "strategist",
	"adviser", "advisor", "aide", "founder", "executive", "ceo", "manager",
	"chairs", "whips", "father",
)

// officeWords name the portfolio after a title and its connector
// ("Secretary of State", "Assistant Secretary for Diplomatic Security"), so
// they belong to the title, not to the name that follows.
var officeWords = set("state", "defense", "defence", "labor", "treasury", "energy",
	"education", "commerce", "agriculture", "transportation", "interior",
	"justice", "health", "veterans", "homeland", "human", "housing", "urban",
	"development", "diplomatic", "public", "foreign", "affairs", "management",
	"intelligence", "national", "staff", "finance", "economy", "trade",
	"environment", "information", "communications", "operations", "policy",
	"legislative", "political", "international", "internal", "external",
	"war", "navy", "army", "air", "force", "central", "federal", "safety")

// conditionalTitles are title words that are titles only after another word
// ("Attorney General", "First Lady"): on their own they start ordinary names
// ("General Motors", "Lady Gaga").
var conditionalTitles = map[string][]string{
	"general": {"attorney", "surgeon", "inspector", "solicitor", "postmaster"},
	"lady":    {"first"},
}

// abbreviatedTitles are written with a period ("Mr. Steele", "Gov. Perry"),
// so a name chunk may continue across ". " after them.
var abbreviatedTitles = set("mr", "mrs", "ms", "mx", "dr", "prof", "rev", "sen",
	"rep", "gov", "lt", "gen", "col", "sgt", "capt", "adm", "cmdr", "maj", "st",
	"jr", "sr", "atty", "supt", "hon")

// calendarWords are month and weekday names (and their abbreviations), which
// are capitalised but name no entity.
var calendarWords = set(
	"january", "february", "march", "april", "may", "june", "july", "august",
	"september", "october", "november", "december", "jan", "feb", "mar", "apr",
	"jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
	"sunday", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri",
	"sat", "sun",
)

// connectors may join the capitalised words of one name ("Department of
// Homeland Security", "Bank of the West", "Nicolás de la Cruz").
var connectors = set("of", "de", "del", "della", "la", "le", "van", "von",
	"der", "den", "da", "du", "dos", "bin", "ibn", "al", "el", "y", "for")

// institutionWords mark a name as an organisation, place or event rather than
// a person, so that no surname alias is proposed for it ("Republican
// National Committee" does not get "Committee").
var institutionWords = set(
	"committee", "party", "department", "house", "senate", "court", "council",
	"university", "college", "school", "association", "union", "company",
	"corporation", "corp", "inc", "co", "llc", "ltd", "news", "times", "post",
	"journal", "street", "bank", "agency", "administration", "operation",
	"doctrine", "act", "law", "army", "navy", "force", "forces",
	"republic", "states", "kingdom", "nations", "organization",
	"organisation", "foundation", "institute", "center", "centre", "church",
	"network", "group", "coalition", "movement", "campaign", "commission",
	"office", "service", "services", "bureau", "board", "fund", "reserve",
	"guard", "museum", "hospital", "airport", "station", "square", "park",
	"river", "county", "city", "state", "province", "ministry", "congress",
	"parliament", "assembly", "cabinet", "embassy", "project", "program",
	"programme", "security", "america", "world", "war", "times", "magazine",
	"review", "daily", "tribune", "herald", "press", "radio", "television",
	"tv", "channel", "club", "team", "league", "authority", "administration",
	"initiative", "alliance", "federation", "conference", "summit", "treaty",
	"accord", "agreement", "caucus", "democrats", "republicans", "island",
	"islands", "mountain", "mountains", "valley", "ocean", "sea", "gulf",
	"bay", "lake", "avenue", "road", "bridge", "building", "tower", "hall",
	"capitol", "pentagon", "police", "industries", "republican", "democrat",
	"democratic", "independent", "conservative", "liberal", "libertarian",
)

// verbsAfterNames are common verbs that follow a name as its subject
// ("Republican said"), so the name before them is a noun, not an
// adjective; regular past tenses in -ed are recognised by their ending.
var verbsAfterNames = set("said", "says", "say", "told", "tells", "wrote", "writes",
	"won", "wins", "lost", "loses", "led", "leads", "made", "makes", "took", "takes",
	"spoke", "speaks", "thinks", "thought", "knows", "knew", "came", "comes", "went",
	"goes", "got", "gets", "gave", "gives", "sees", "saw", "wants", "needs", "agrees",
	"argues", "claims", "insists", "warns", "adds", "notes", "stood", "ran", "runs")

// nameSuffixes follow a surname and are skipped when picking the surname
// alias ("Martin Luther King Jr." → "King").
var nameSuffixes = set("jr", "sr", "ii", "iii", "iv")

// demonymEndings mark capitalised adjectives of nationality or party
// ("Mexican government", "Republican officials", "Democratic senators"),
// which name no entity when they modify a lower-case noun.
var demonymEndings = []string{"an", "ic", "ish", "ese", "i"}

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// Word classes: the lists above as bits, so that a token's membership in
// several of them costs one map lookup (see classOf).
const (
	isFunction uint16 = 1 << iota
	isConnector
	isLeadingModifier
	isClause
	isTitleWord
	isOffice
	isInstitution
	isCalendar
	isAbbreviatedTitle
	isCommonAcronym
	isNameSuffix
	isVerbAfterName
)

// wordClasses maps every listed word to the bits of the lists holding it.
var wordClasses = func() map[string]uint16 {
	m := map[string]uint16{}
	for bit, list := range map[uint16]map[string]bool{
		isFunction: functionWords, isConnector: connectors, isLeadingModifier: leadingModifiers,
		isClause: clauseWords, isTitleWord: titles, isOffice: officeWords, isInstitution: institutionWords,
		isCalendar: calendarWords, isAbbreviatedTitle: abbreviatedTitles, isCommonAcronym: commonAcronyms,
		isNameSuffix: nameSuffixes, isVerbAfterName: verbsAfterNames,
	} {
		for w := range list {
			m[w] |= bit
		}
	}
	return m
}()

// classOf returns the list bits of a folded word.
func classOf(norm string) uint16 { return wordClasses[norm] }
