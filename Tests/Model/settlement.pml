/*
 * Exactly-once settlement of one visit's charge batch (Documentation/ExactlyOnce.md).
 *
 * Two cashier desks settle the same batch, each with a journal of its own; the network loses
 * requests and answers, delivers requests twice, and delays a request past later ones (a slow
 * connection); desk 0 crashes at any step and recovers
 * from its journal. A desk with an unknown outcome resolves it as UNKNOWN_POLICY says: by
 * sending the same message again (RESEND) or by reversing it with 2601 and settling anew
 * (REVERSE). The platform keeps per message id what it answered, fences reversed ids, and
 * keys the settlement by the batch.
 *
 * After a 2601 a desk may also give up (the patient left), and the second cashier may never
 * come at all.
 *
 * Checked: the personal account is debited once at most at every step (never paid twice),
 * and in every end state no desk is left waiting (nothing lost), every desk that settled names
 * the one live settlement, and there is a live settlement only if some desk settled (no money
 * moved that no journal holds).
 *
 *   Tests/Model/check.sh     (both policies, then each mutant; what .ci/run runs)
 */

#ifndef UNKNOWN_POLICY
#define UNKNOWN_POLICY RESEND
#endif
#define RESEND 0
#define REVERSE 1
#define FAULTS 3           /* losses, duplicates and crashes, in all */

/* Mutants, each with one platform rule taken out: check.sh expects spin to catch each. */
#ifdef MUTANT_NO_FENCE
#define FENCED_ID(id) false   /* a reversed message id may still settle */
#else
#define FENCED_ID(id) fenced[id]
#endif
#ifdef MUTANT_NO_SHARED_RULE
#define SHARED false          /* 2601 may undo a settlement another message was told of */
#else
#define SHARED shared
#endif
#define IDS 12             /* message ids 1..IDS-1 */

mtype = { SETTLE, UNDO, OK, ALREADY, FENCED, UNDONE, KEPT };

chan platform = [6] of { byte, mtype, byte, byte };     /* desk, kind, msgid, original */
chan slow = [2] of { byte, mtype, byte, byte };         /* requests overtaken by later ones */
chan answers[2] = [6] of { mtype, byte, byte };         /* kind, msgid answered, settlement */

/* The platform's state. */
mtype stored[IDS];          /* the answer kept for a message id, 0 for none */
byte storedSettlement[IDS];
bool fenced[IDS];
byte live = 0;              /* the batch's settlement, 0 for none */
byte liveBy = 0;            /* the message id that made it */
bool shared = false;        /* reported to another message: 2601 may no longer undo it */
byte issued = 0;            /* settlement ids issued */
byte debits = 0;            /* personal-account debits less credits */

/* The environment. */
byte faults = 0;
byte nextID = 1;
byte settledBy[2];          /* what each journal records as the settlement, 0 for none */
bool finished[2];
bool settled[2];

inline newID(id) {
    atomic { id = nextID; nextID++; assert(nextID < IDS) }
}

/* Sends a request, perhaps losing it or delivering it twice. */
inline request(desk, kind, id, original) {
    if
    :: platform!desk, kind, id, original
    :: faults < FAULTS -> faults++                           /* the request is lost */
    :: faults < FAULTS -> faults++; platform!desk, kind, id, original; platform!desk, kind, id, original
    :: faults < FAULTS && nfull(slow) -> faults++; slow!desk, kind, id, original
    fi
}

proctype Platform() {
    byte desk, id, original;
    mtype kind, answer;
    end: do
    :: nempty(platform) || nempty(slow) ->
        atomic {
            if
            :: platform?desk, kind, id, original
            :: slow?desk, kind, id, original
            fi;
            if
            :: kind == SETTLE && FENCED_ID(id) -> answer = FENCED
            :: kind != SETTLE || !FENCED_ID(id) ->
                if
                :: stored[id] != 0 -> answer = stored[id]     /* the same message: the same answer */
                :: stored[id] == 0 && kind == SETTLE && live != 0 ->
                    shared = true; answer = ALREADY; stored[id] = ALREADY; storedSettlement[id] = live
                :: stored[id] == 0 && kind == SETTLE && live == 0 ->
                    issued++; live = issued; liveBy = id; shared = false; debits++
                    answer = OK; stored[id] = OK; storedSettlement[id] = live
                :: stored[id] == 0 && kind == UNDO && liveBy == original && live != 0 && SHARED ->
                    answer = KEPT; stored[id] = KEPT
                :: stored[id] == 0 && kind == UNDO && liveBy == original && live != 0 && !SHARED ->
                    live = 0; liveBy = 0; debits--; fenced[original] = true; answer = UNDONE; stored[id] = UNDONE
                :: stored[id] == 0 && kind == UNDO && (liveBy != original || live == 0) ->
                    fenced[original] = true; answer = UNDONE; stored[id] = UNDONE
                fi
            fi;
            assert(debits == (live != 0 -> 1 : 0));
            if
            :: answers[desk]!answer, id, storedSettlement[id]
            :: faults < FAULTS -> faults++                   /* the answer is lost */
            fi
        }
    od
}

/* A desk: its journal (message, reversal message, outcome) survives a crash; nothing else does. */
proctype Desk(byte me; bool crashes) {
    byte message = 0, reversal = 0, settlement;
    byte answeredID;
    mtype answer;

    newID(message);                                          /* the entry is journaled pending */
send:
    if
    :: crashes && faults < FAULTS -> faults++; goto recover  /* crash before sending */
    :: true
    fi;
    request(me, SETTLE, message, 0);
wait:
    if
    :: answers[me]?answer, answeredID, settlement ->
        if
        :: answeredID != message -> goto wait               /* an answer to another attempt */
        :: answeredID == message && (answer == OK || answer == ALREADY) ->
            if
            :: crashes && faults < FAULTS -> faults++; goto recover   /* crash before the outcome is journaled */
            :: true -> settledBy[me] = settlement; settled[me] = true; goto done
            fi
        :: answeredID == message && answer == FENCED -> goto again
        fi
    :: timeout -> goto recover                              /* no answer: the outcome is unknown */
    :: faults < FAULTS -> faults++; goto recover            /* the desk stops waiting while the request is on its way */
    fi;
recover:
    if
    :: UNKNOWN_POLICY == RESEND -> goto send
    :: UNKNOWN_POLICY == REVERSE ->
        if
        :: reversal == 0 -> newID(reversal)                  /* the 2601 is journaled first */
        :: else -> skip
        fi;
undo:
        request(me, UNDO, reversal, message);
undoWait:
        if
        :: answers[me]?answer, answeredID, settlement ->
            if
            :: answeredID != reversal -> goto undoWait
            :: answeredID == reversal && answer == UNDONE ->
                if
                :: goto again
                :: goto done                                  /* voided, and the patient left */
                fi
            :: answeredID == reversal && answer == KEPT -> reversal = 0; goto send   /* resend to learn it */
            fi
        :: timeout -> goto undo
        :: faults < FAULTS -> faults++; goto undo
        fi
    fi;
again:                                                       /* voided: settle anew with a new message */
    newID(message); reversal = 0; goto send;
done:
    finished[me] = true
}

init {
    atomic {
        run Platform();
        run Desk(0, true);
        if
        :: run Desk(1, false)
        :: finished[1] = true                                  /* the second cashier never comes */
        fi
    }
    (finished[0] && finished[1]);
    /* Nothing paid twice, nothing lost: the one live settlement is what every settled desk holds. */
    assert(debits == (live != 0 -> 1 : 0));
    assert(!settled[0] || settledBy[0] == live);
    assert(!settled[1] || settledBy[1] == live);
    assert(live == 0 || settled[0] || settled[1])
}
