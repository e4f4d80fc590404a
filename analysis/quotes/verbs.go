package quotes

// The sets below are closed-class English vocabulary used by the
// attribution rules (like the abbreviations in analysis/text), keyed by
// text.Token.Norm.

// speechVerbs are the verb forms that attribute speech or writing. "according
// (to)" and "pointed (to/out)" are handled with the word that follows them.
var speechVerbs = set(
	"say", "says", "said", "saying",
	"state", "states", "stated", "stating",
	"tell", "tells", "told", "telling",
	"note", "notes", "noted", "noting",
	"warn", "warns", "warned", "warning",
	"add", "adds", "added", "adding",
	"argue", "argues", "argued", "arguing",
	"insist", "insists", "insisted", "insisting",
	"claim", "claims", "claimed", "claiming",
	"write", "writes", "wrote", "writing",
	"tweet", "tweets", "tweeted", "tweeting",
	"ask", "asks", "asked", "asking",
	"declare", "declares", "declared", "declaring",
	"explain", "explains", "explained", "explaining",
	"announce", "announces", "announced", "announcing",
	"stress", "stresses", "stressed", "stressing",
	"emphasize", "emphasizes", "emphasized", "emphasizing",
	"emphasise", "emphasises", "emphasised", "emphasising",
	"acknowledge", "acknowledges", "acknowledged", "acknowledging",
	"admit", "admits", "admitted", "admitting",
	"suggest", "suggests", "suggested", "suggesting",
	"contend", "contends", "contended", "contending",
	"observe", "observes", "observed", "observing",
	"reply", "replies", "replied", "replying",
	"respond", "responds", "responded", "responding",
	"remark", "remarks", "remarked", "remarking",
	"recall", "recalls", "recalled", "recalling",
	"predict", "predicts", "predicted", "predicting",
	"testify", "testifies", "testified", "testifying",
	"quip", "quips", "quipped", "quipping",
	"joke", "jokes", "joked", "joking",
	"counter", "counters", "countered", "countering",
	"complain", "complains", "complained", "complaining",
	"concede", "concedes", "conceded", "conceding",
	"reiterate", "reiterates", "reiterated", "reiterating",
	"urge", "urges", "urged", "urging",
	"vow", "vows", "vowed", "vowing",
	"promise", "promises", "promised", "promising",
	"allege", "alleges", "alleged", "alleging",
	"assert", "asserts", "asserted", "asserting",
	"affirm", "affirms", "affirmed", "affirming",
	"deny", "denies", "denied", "denying",
	"conclude", "concludes", "concluded", "concluding",
	"caution", "cautions", "cautioned", "cautioning",
	"shout", "shouts", "shouted", "shouting",
	"recount", "recounts", "recounted", "recounting",
	"confirm", "confirms", "confirmed", "confirming",
	"report", "reports", "reported", "reporting",
	"post", "posts", "posted", "posting",
	"call", "calls", "called", "calling",
	"describe", "describes", "described", "describing",
	"reveal", "reveals", "revealed", "revealing",
	"wonder", "wonders", "wondered", "wondering",
	"demand", "demands", "demanded", "demanding",
	"point", "points", "pointed", "pointing",
	"accuse", "accuses", "accused", "accusing",
	"retort", "retorts", "retorted", "retorting",
	"according", "refer", "refers", "referred", "referring",
)

// particleVerbs need the next word to be speech: "pointed to", "pointed
// out", "according to". Other verbs are not speech before the listed words
// ("called for", "called off").
var particleVerbs = map[string]map[string]bool{
	"point": set("to", "out"), "points": set("to", "out"), "pointed": set("to", "out"),
	"pointing": set("to", "out"), "according": set("to"),
	"refer": set("to"), "refers": set("to"), "referred": set("to"), "referring": set("to"),
}

var notSpeechBefore = map[string]map[string]bool{
	"call": set("for", "off", "on", "up", "in"), "calls": set("for", "off", "on", "up", "in"),
	"called": set("for", "off", "on", "up", "in"), "calling": set("for", "off", "on", "up", "in"),
	"post": set("bail"), "posted": set("bail", "online"),
	"report": set("to", "for"), "reported": set("to", "for"), "reports": set("to", "for"),
	"add": set("to", "up"), "added": set("to", "up"), "adds": set("to", "up"), "adding": set("to", "up"),
	"state": set("of"), "states": set("of"),
}

// passiveBefore marks a passive or an adjective use when it directly
// precedes the verb ("was told", "is said to", "been asked").
var passiveBefore = set("is", "are", "was", "were", "be", "been", "being", "get", "got", "gets")

// determiners before a verb form make it a noun ("his claims", "the
// remarks", "a post").
var determiners = set("a", "an", "the", "his", "her", "their", "its", "our", "my",
	"your", "these", "those", "this", "that", "such", "any", "some", "no", "other",
	"whose", "every", "each", "many", "several", "few", "more", "most", "of", "in",
	"for", "with", "on", "at", "from")

// skipBeforeVerb are auxiliaries and adverbs between a subject and its verb
// ("Officials have pointed", "Trump has publicly said").
var skipBeforeVerb = set("has", "have", "had", "also", "then", "later", "again",
	"once", "previously", "recently", "repeatedly", "reportedly", "publicly",
	"privately", "never", "often", "further", "long", "will", "would", "could",
	"may", "might", "did", "does", "do", "first", "last", "already", "even",
	"still", "just", "only", "since", "now", "too", "had", "not", "has")

// titleModifiers stand before a title in "said former Rep. Todd Akin".
var titleModifiers = set("former", "then", "current", "outgoing", "incoming",
	"acting", "retired", "late", "longtime", "veteran", "fellow")

// subjectPronouns resolve to a named person (he, she) or group (they).
var subjectPronouns = set("he", "she", "they")

// roleNouns after "the" refer back to a named person like a pronoun does
// ("the congressman said").
var roleNouns = set("congressman", "congresswoman", "senator", "president",
	"governor", "candidate", "chairman", "chairwoman", "mayor", "lawmaker",
	"secretary", "speaker", "representative", "nominee", "minister", "judge",
	"justice", "official", "leader", "host", "author", "star", "actor",
	"actress", "singer", "coach", "executive", "ceo", "founder", "businessman",
	"businesswoman", "pastor", "priest", "bishop", "reverend", "commentator",
	"pundit", "columnist", "anchor", "attorney", "lawyer", "general",
	"ambassador", "prosecutor", "sheriff", "chief")

// groupWords are plural descriptions a "they" may refer back to.
var groupWords = set("officials", "lawmakers", "democrats", "republicans",
	"critics", "supporters", "analysts", "experts", "leaders", "members",
	"activists", "protesters", "residents", "voters", "authorities", "police",
	"investigators", "prosecutors", "researchers", "scientists", "economists",
	"aides", "advisers", "advisors", "senators", "officers", "organizers",
	"opponents", "plaintiffs", "lawyers", "attorneys", "groups", "companies")

// prepositions before a word make it no subject ("driven by U.S. demand").
var prepositions = set("by", "of", "in", "for", "with", "from", "on", "at", "to",
	"about", "after", "before", "over", "under", "into", "through", "against",
	"during", "without", "within", "via", "per", "among", "between", "toward",
	"towards", "upon", "across", "behind", "like", "than")

// speakingNouns are description heads that can speak or state, beyond the
// role and group nouns and the agent-noun endings.
var speakingNouns = set("people", "source", "sources", "expert", "experts",
	"critic", "critics", "aide", "aides", "police", "authorities", "witness",
	"witnesses", "government", "administration", "campaign", "committee",
	"company", "agency", "department", "ministry", "party", "group", "union",
	"court", "report", "statement", "study", "survey", "poll", "memo", "letter",
	"document", "documents", "records", "filing", "complaint", "lawsuit",
	"indictment", "newspaper", "magazine", "network", "website", "spokesman",
	"spokeswoman", "spokesperson", "official", "analyst", "analysts", "staff",
	"staffer", "staffers", "family", "campaigns", "governments", "reports",
	"studies", "polls", "insiders", "allies", "colleagues", "friends",
	"neighbors", "neighbours", "relatives", "colleague", "friend", "neighbor",
	"relative", "ally", "rival", "rivals", "opponent", "opponents", "victim",
	"victims", "patient", "patients", "client", "clients", "citizens", "citizen",
	"public", "media", "press", "pollsters", "pundits", "elites", "historians")

// agentEndings mark agent nouns ("commenter", "strategist", "spokesman",
// "resident", "participant"), checked on the singular.
var agentEndings = []string{"er", "or", "ist", "ian", "man", "woman", "person",
	"ent", "ant", "ee"}

// subordinators introduce a clause whose subject is not the sentence's.
var subordinators = set("that", "whether", "if", "because", "although", "though",
	"while", "when", "who", "which", "where", "unless", "since")

// clauseOpeners are prepositions that also open a clause with its own
// subject ("after Boehner chided Obama").
var clauseOpeners = set("after", "before", "since", "until", "while", "when", "as", "once")

// placeStarts begin multi-word place names, which are no antecedents for
// "he" or "she".
var placeStarts = set("New", "South", "North", "East", "West", "Los", "Las", "San",
	"Santa", "Saint", "St.", "Fort", "Mount", "Lake", "Port", "Hong", "Sri", "El",
	"Costa", "Puerto", "United", "Saudi", "Latin", "Central", "Middle", "Far",
	"Great", "Upper", "Lower", "Rhode", "Cape", "Palm", "Salt", "Baton", "Des",
	"Sierra", "Buenos", "Rio", "Tel", "Abu", "Kuala", "Ho", "Addis")

// nounStop ends a description speaker when walking left ("Officials have
// pointed": stops before "Officials").
var nounStop = set("and", "but", "or", "that", "which", "who", "while", "as",
	"because", "if", "when", "after", "before", "than", "so", "yet", "where")

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
