: | rm-segment -r 'x: arr > 1'
printf 'account\tarr\n' | rm-segment -r 'x: arr > 1'
printf 'account\tarr\n' | rm-segment --tiers arr
: | rm-segment --rfm
